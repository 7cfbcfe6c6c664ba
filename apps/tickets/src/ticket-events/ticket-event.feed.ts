import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subject, Subscription } from 'rxjs';

import { TicketsMetrics } from '../events/tickets.metrics';
import {
  type StoredTicketEvent,
  type TicketEventsHead,
  TicketEventsRepository,
} from '../storage/ticket-events.repository';
import type { TicketLifecycleEvent } from '../tickets/ticket-lifecycle.event';
import { TICKET_EVENTS } from '../tokens';
import type { TicketEventDto } from './ticket-events.dto';

/** How often the shared poller reads the table when no in-process event woke it (other processes' events). */
export const FEED_POLL_MS = 250;
const PAGE = 500;
/** events held for a client still replaying; past this it is dropped (it resumes with Last-Event-ID) */
const MAX_PENDING = 10_000;

/** `event: reset`: the client's position is gone; it reloads its state and continues from `id`. */
export interface TicketEventsReset {
  /** the position the stream continues from (the SSE `id:` of the reset message) */
  id: number;
  /** `expired`: older than TICKET_EVENTS_RETENTION; `unknown`: not an id of this log */
  reason: 'expired' | 'unknown';
  lastEventId: number;
  detail: string;
}

/** Where the feed writes a client's events (an SSE response; a list in the tests). */
export interface TicketEventSink {
  readonly isClosed: boolean;
  /** the client's position, without an event */
  position(id: number): void;
  send(event: TicketEventDto): void;
  reset(reset: TicketEventsReset): void;
  /** resolves once the client took what was sent (backpressure while replaying) */
  drained(): Promise<void>;
  onClose(listener: () => void): void;
  close(): void;
}

interface Subscriber {
  sink: TicketEventSink;
  /** a customer key's tenant; null: every tenant */
  tenant: string | null;
  /** id of the last event sent */
  cursor: number;
  /** while replaying: what the poller found meanwhile; null once live */
  pending: StoredTicketEvent[] | null;
}

/**
 * The live ticket events of GET /api/v1/events, read from the `ticket_events` table (the outbox) so that
 * every process serves every process's events, in commit order. One poller per process, shared by all
 * connections: woken by TICKET_EVENTS right after this process's commits, and every FEED_POLL_MS for the
 * others' (only while someone listens). A client resuming after an id first replays the table from there
 * (its own queries, paced by the client), then joins the shared poller; the events the poller found
 * meanwhile are kept and sent after the replay, so none is missed or sent twice.
 */
@Injectable()
export class TicketEventFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TicketEventFeed.name);
  private readonly subscribers = new Set<Subscriber>();
  /** the shared poller's position; null while nobody listens */
  private cursor: number | null = null;
  /** bumped when the poller stops: a read still in flight from before is dropped */
  private generation = 0;
  private starting: Promise<void> | undefined;
  private polling = false;
  private pollAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: Subscription | undefined;

  constructor(
    private readonly events: TicketEventsRepository,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
    private readonly metrics: TicketsMetrics,
  ) {}

  onModuleInit(): void {
    this.wake = this.lifecycle.subscribe(() => this.poll());
  }

  /** Ends every stream: the HTTP server waits for open responses before it closes. */
  onModuleDestroy(): void {
    this.wake?.unsubscribe();
    for (const subscriber of [...this.subscribers]) subscriber.sink.close();
    this.stop();
  }

  get listeners(): number {
    return this.subscribers.size;
  }

  /**
   * Sends `sink` the events of `tenant` (null: all) after `lastEventId`, then the new ones as they commit,
   * until it closes. Without `lastEventId`: from now on. A position older than the retention (or not of
   * this log) gets an `event: reset` first. Resolves once the replay is done.
   */
  async subscribe(sink: TicketEventSink, tenant: string | null, lastEventId: number | null): Promise<void> {
    while (this.cursor === null) await this.start();
    // Registered before the first read: what commits from here on reaches it through the poller.
    const subscriber: Subscriber = { sink, tenant, cursor: 0, pending: [] };
    this.subscribers.add(subscriber);
    this.metrics.eventStreams(this.subscribers.size);
    sink.onClose(() => this.unsubscribe(subscriber));
    const head = await this.events.head();
    if (lastEventId === null) {
      subscriber.cursor = head.lastId;
      sink.position(head.lastId);
    } else if (lastEventId > head.lastId) {
      this.reset(subscriber, head, lastEventId, 'unknown');
    } else if (lastEventId < head.prunedThrough) {
      this.reset(subscriber, head, lastEventId, 'expired');
    } else {
      subscriber.cursor = lastEventId;
    }
    await this.replay(subscriber);
  }

  /** Pages through the table from the subscriber's cursor, then hands it to the poller. */
  private async replay(subscriber: Subscriber): Promise<void> {
    for (;;) {
      if (subscriber.sink.isClosed) return;
      const from = subscriber.cursor;
      const page = await this.events.after(from, subscriber.tenant, PAGE);
      // read after the page: a prune that overtook the page shows here
      const head = await this.events.head();
      if (from < head.prunedThrough) {
        this.reset(subscriber, head, from, 'expired');
        continue;
      }
      this.send(subscriber, page);
      if (page.length < PAGE) break;
      await subscriber.sink.drained();
    }
    // No await from the last read to here: whatever the poller found since is in `pending`.
    const pending = subscriber.pending ?? [];
    subscriber.pending = null;
    this.send(subscriber, pending);
  }

  private reset(
    subscriber: Subscriber,
    head: TicketEventsHead,
    lastEventId: number,
    reason: TicketEventsReset['reason'],
  ): void {
    // what `pending` holds beyond head.lastId is still to be sent
    subscriber.cursor = head.lastId;
    subscriber.sink.reset({
      id: head.lastId,
      reason,
      lastEventId,
      detail:
        reason === 'expired'
          ? `events after ${lastEventId} are no longer kept: reload the tickets, then follow from ${head.lastId}`
          : `${lastEventId} is not an event id of this server: reload the tickets, then follow from ${head.lastId}`,
    });
  }

  private send(subscriber: Subscriber, events: readonly StoredTicketEvent[]): void {
    for (const event of events) {
      if (subscriber.sink.isClosed) return;
      if (event.dto.id <= subscriber.cursor) continue;
      if (subscriber.tenant !== null && event.tenant !== subscriber.tenant) continue;
      subscriber.sink.send(event.dto);
      subscriber.cursor = event.dto.id;
    }
  }

  private dispatch(events: readonly StoredTicketEvent[]): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.pending === null) {
        this.send(subscriber, events);
        continue;
      }
      const tenant = subscriber.tenant;
      subscriber.pending.push(...(tenant === null ? events : events.filter((e) => e.tenant === tenant)));
      if (subscriber.pending.length > MAX_PENDING) subscriber.sink.close();
    }
  }

  private poll(): void {
    if (this.cursor === null || this.subscribers.size === 0) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    void this.pollOnce()
      .catch((error: unknown) => this.logger.warn(`Reading ticket events failed: ${String(error)}`))
      .finally(() => {
        this.polling = false;
        if (this.pollAgain) {
          this.pollAgain = false;
          this.poll();
        }
      });
  }

  private async pollOnce(): Promise<void> {
    const generation = this.generation;
    for (;;) {
      const events = await this.events.after(this.cursor!, null, PAGE);
      if (generation !== this.generation || events.length === 0) return;
      this.cursor = events[events.length - 1].dto.id;
      this.dispatch(events);
      if (events.length < PAGE) return;
    }
  }

  private start(): Promise<void> {
    this.starting ??= this.events
      .head()
      .then(({ lastId }) => {
        this.generation++;
        this.cursor = lastId;
        this.timer = setInterval(() => this.poll(), FEED_POLL_MS);
        this.timer.unref();
      })
      .finally(() => (this.starting = undefined));
    return this.starting;
  }

  private unsubscribe(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    this.metrics.eventStreams(this.subscribers.size);
    if (this.subscribers.size === 0) this.stop();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.cursor = null;
    this.generation++;
  }
}
