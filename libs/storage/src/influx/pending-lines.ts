interface Ticket {
  remaining: number;
  done: () => void;
}

/**
 * Correlates the lines the WriteApi reports as written (or given up) with the write() call that produced
 * them. The client batches and retries lines, not calls, so each line is mapped to its call's ticket;
 * identical lines (a redelivered message) simply queue up under one key.
 */
export class PendingLines {
  private readonly byLine = new Map<string, Ticket | Ticket[]>();
  private count = 0;
  private waiter: (() => void) | null = null;

  get points(): number {
    return this.count;
  }

  track(lines: readonly string[], done: () => void): void {
    const ticket: Ticket = { remaining: lines.length, done };
    for (const line of lines) {
      const existing = this.byLine.get(line);
      if (existing === undefined) this.byLine.set(line, ticket);
      else if (Array.isArray(existing)) existing.push(ticket);
      else this.byLine.set(line, [existing, ticket]);
    }
    this.count += lines.length;
  }

  /** Settles these lines; returns how many were pending (lines seen twice count once per write call). */
  settle(lines: readonly string[]): number {
    let settled = 0;
    for (const line of lines) {
      const ticket = this.take(line);
      if (!ticket) continue;
      settled++;
      if (--ticket.remaining === 0) ticket.done();
    }
    this.count -= settled;
    if (this.count === 0 && this.waiter) this.waiter();
    return settled;
  }

  /** Resolves true once nothing is pending, false after timeoutMs. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(false);
      }, timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(true);
      };
    });
  }

  private take(line: string): Ticket | undefined {
    const entry = this.byLine.get(line);
    if (entry === undefined || !Array.isArray(entry)) {
      this.byLine.delete(line);
      return entry;
    }
    const ticket = entry.shift();
    if (entry.length === 1) this.byLine.set(line, entry[0]);
    return ticket;
  }
}
