import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';
import { type TicketLifecycleMessage, ticketLifecycleTopic } from '@preempt/contracts';
import { APP_CHANNEL, type Channel, ChannelClosedError } from '@preempt/messaging';
import type { Subject, Subscription } from 'rxjs';

import type { TicketsConfig } from '../config';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import type { TicketLifecycleEvent } from '../tickets/ticket-lifecycle.event';
import { TICKET_EVENTS, TICKETS_CONFIG } from '../tokens';

const BATCH = 500;

/**
 * The outbox relay: publishes every lifecycle event of `ticket_events` (written in the transaction of its
 * ticket change) on the app channel, `ticket-events/{tenant}/{ticketId}` (key: the ticket, so a ticket's
 * events stay in order), as `TicketLifecycleMessage` (libs/contracts), then records how far it got. At least
 * once: a crash between a publish and the record publishes again, and consumers deduplicate on the event id.
 * One relay at a time: a process takes a 30 s lease on the position row (renewed each batch), so a second
 * tickets process relays only when the first one stopped. Runs every TICKET_EVENTS_RELAY_INTERVAL and right
 * after each local change.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private subscription: Subscription | undefined;
  private closed = false;
  /** this process's name on the relay lease */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly relayed;
  private readonly lost;

  constructor(
    private readonly events: TicketEventsRepository,
    @Inject(APP_CHANNEL) private readonly apps: Channel,
    @Inject(TICKETS_CONFIG) private readonly config: TicketsConfig,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
    metrics: MetricsRegistry,
  ) {
    this.relayed = metrics.counter(
      'preempt_tickets_events_relayed_total',
      'Lifecycle events published on the app channel',
    );
    this.lost = metrics.counter(
      'preempt_tickets_events_relay_skipped_total',
      'Lifecycle events pruned before the relay published them (relay behind TICKET_EVENTS_RETENTION)',
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.relayIntervalMs <= 0) return;
    this.timer = setInterval(() => this.kick(), this.config.relayIntervalMs);
    this.timer.unref();
    this.subscription = this.lifecycle.subscribe(() => this.kick());
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
    await this.running;
    // the next process need not wait for the lease to run out
    await this.events.db
      .query('UPDATE ticket_events_relay SET lease_owner = NULL WHERE lease_owner = $1', [this.owner])
      .catch(() => undefined);
  }

  /** Relays now (or once more after the running round). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relayAll()
      .then(() => undefined)
      .catch((error: Error) => {
        if (!(error instanceof ChannelClosedError))
          this.logger.warn(`Relay failed (${error.message}); retrying`);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.closed) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Publishes everything not relayed yet (public for tests); returns how many. */
  async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < BATCH || this.closed) return total;
    }
  }

  /**
   * One batch, under the relay lease (a row, not a transaction: the in-memory channel's publish waits for its
   * consumers, which write to the same database, so no transaction may stay open across it).
   */
  private async relayBatch(): Promise<number> {
    const db = this.events.db;
    await db.query(
      'INSERT INTO ticket_events_relay (singleton, relayed_through) VALUES (true, 0) ON CONFLICT DO NOTHING',
    );
    const { rows } = await db.query<{ relayed_through: string }>(
      `UPDATE ticket_events_relay SET lease_owner = $1, lease_until = now() + interval '30 seconds'
       WHERE lease_owner IS NULL OR lease_owner = $1 OR lease_until < now() RETURNING relayed_through`,
      [this.owner],
    );
    if (rows.length === 0) return 0; // another process holds the lease
    const from = Number(rows[0].relayed_through);
    const head = await this.events.head();
    if (head.prunedThrough > from) {
      this.lost.inc(head.prunedThrough - from);
      this.logger.error(`Events ${from + 1}..${head.prunedThrough} were pruned before they were relayed`);
    }
    const batch = await this.events.after(Math.max(from, head.prunedThrough), null, BATCH);
    if (batch.length === 0) return 0;
    await Promise.all(
      batch.map(({ tenant, dto }) => {
        const message: TicketLifecycleMessage = { ...dto, ticket: { ...dto.ticket, tenant } };
        return this.apps.publish(ticketLifecycleTopic(tenant, dto.ticket.id), JSON.stringify(message), {
          key: dto.ticket.id,
        });
      }),
    );
    await db.query(
      'UPDATE ticket_events_relay SET relayed_through = greatest(relayed_through, $1) WHERE lease_owner = $2',
      [batch.at(-1)!.dto.id, this.owner],
    );
    this.relayed.inc(batch.length);
    return batch.length;
  }
}
