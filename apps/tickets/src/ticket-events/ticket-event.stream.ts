import type { Response } from 'express';

import type { TicketEventSink, TicketEventsReset } from './ticket-event.feed';
import type { TicketEventDto } from './ticket-events.dto';

export interface TicketEventStreamOptions {
  /** `retry:` sent first: how long EventSource waits before it reconnects */
  retryMs: number;
  /** a `: heartbeat` comment this often keeps proxies from closing an idle stream */
  heartbeatMs: number;
  /** a client this far behind (bytes not yet sent) is dropped: it resumes with Last-Event-ID */
  maxBufferedBytes: number;
}

export const DEFAULT_STREAM_OPTIONS: TicketEventStreamOptions = {
  retryMs: 2000,
  heartbeatMs: 15_000,
  maxBufferedBytes: 1 << 20,
};

/**
 * One message in the text/event-stream format. `data` is JSON on one line (JSON.stringify escapes line
 * breaks), so no field can end the message early.
 * @example formatSse({ id: 7, event: 'TicketOpened', data: { id: 7 } }) // 'id: 7\nevent: TicketOpened\ndata: {"id":7}\n\n'
 */
export function formatSse(message: { id: number; event: string; data: unknown }): string {
  return `id: ${message.id}\nevent: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`;
}

/** A GET /api/v1/events response, written as Server-Sent Events until the client goes away. */
export class TicketEventStream implements TicketEventSink {
  private ended = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly res: Response,
    private readonly options: TicketEventStreamOptions = DEFAULT_STREAM_OPTIONS,
  ) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx: pass each message on at once
      'X-Accel-Buffering': 'no',
    });
    res.on('close', () => this.closed());
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), options.heartbeatMs);
    this.write(`retry: ${options.retryMs}\n\n`);
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /**
   * Sets the client's position without an event (EventSource keeps the id of a message without data), so
   * a client that connected without Last-Event-ID and saw nothing yet still resumes from here.
   */
  position(id: number): void {
    this.write(`id: ${id}\n\n`);
  }

  send(event: TicketEventDto): void {
    this.write(formatSse({ id: event.id, event: event.type, data: event }));
  }

  reset(reset: TicketEventsReset): void {
    this.write(formatSse({ id: reset.id, event: 'reset', data: reset }));
  }

  /** Resolves once what was written went out (or the client left). */
  drained(): Promise<void> {
    if (this.ended || !this.res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.listeners.push(listener);
  }

  close(): void {
    if (!this.ended) this.res.end();
    this.closed();
  }

  private write(chunk: string): void {
    if (this.ended) return;
    this.res.write(chunk);
    // Too slow to keep up: drop it rather than buffer without bound; it reconnects and replays from the table.
    if (this.res.writableLength > this.options.maxBufferedBytes) {
      this.res.destroy();
      this.closed();
    }
  }

  private closed(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    for (const listener of this.listeners.splice(0)) listener();
  }
}
