import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import type { TicketsConfig } from '../config';
import { TicketRepository } from '../storage/ticket.repository';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import { TICKETS_CONFIG } from '../tokens';
import { DetectionEventProcessor } from './detection-event.processor';

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Background work: auto-resolves tickets of devices that went quiet (their own events no longer advance
 * time, so the clock is the largest event time this process has seen), forgets old applied event ids and
 * prunes the lifecycle events older than TICKET_EVENTS_RETENTION.
 */
@Injectable()
export class TicketMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TicketMaintenance.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastPrune = 0;

  constructor(
    private readonly repository: TicketRepository,
    private readonly events: TicketEventsRepository,
    private readonly processor: DetectionEventProcessor,
    @Inject(TICKETS_CONFIG) private readonly config: TicketsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, this.config.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep (public for tests). */
  async tick(): Promise<void> {
    try {
      const now = this.processor.eventTimeWatermark;
      if (now > 0) {
        const { resolveHoldMs, silenceResolveMs } = this.config.correlation;
        for (const { tenant, device } of await this.repository.devicesToSweep(
          now,
          resolveHoldMs,
          silenceResolveMs,
        )) {
          await this.processor.resolveDue(tenant, device, now);
        }
      }
      if (Date.now() - this.lastPrune >= Math.min(PRUNE_EVERY_MS, this.config.ticketEventsRetentionMs)) {
        this.lastPrune = Date.now();
        const pruned = await this.repository.pruneApplied(Date.now() - this.config.eventIdRetentionMs);
        if (pruned > 0) this.logger.log(`Forgot ${pruned} applied event ids`);
        const expired = await this.events.prune(Date.now() - this.config.ticketEventsRetentionMs);
        if (expired > 0) this.logger.log(`Pruned ${expired} ticket lifecycle events`);
      }
    } catch (error) {
      this.logger.error('Ticket maintenance failed', (error as Error).stack);
    }
  }
}
