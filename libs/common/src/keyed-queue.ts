/**
 * Runs tasks strictly one after another per key (a promise chain per device), different keys concurrently.
 * The chain of a key is dropped once it drains, so the map holds only busy devices.
 *
 * @example queue.run('acme/rtr-01', () => processor.apply(event)) // resolves with the task's result
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /**
   * Like run, but the work `ready` stands for already runs concurrently (e.g. a write to InfluxDB); only
   * `step` waits for its turn. Ingest hands a device's points on in the order the device sent them even
   * though InfluxDB batches complete out of order. A failed `ready` or `step` does not block later steps.
   */
  runWhenReady<T>(key: string, ready: Promise<unknown>, step: () => Promise<T> | T): Promise<T> {
    // Attached at once, so a `ready` that fails while earlier steps are pending is never an unhandled rejection.
    const settled = ready.then(
      () => null,
      (error: unknown) => ({ error }),
    );
    return this.run(key, async () => {
      const failure = await settled;
      if (failure) throw failure.error;
      return step();
    });
  }

  get busyKeys(): number {
    return this.tails.size;
  }

  /** Resolves when every task queued so far has finished. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
