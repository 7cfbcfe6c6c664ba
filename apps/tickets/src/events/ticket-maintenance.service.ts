import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { endedBetween, parseSchedule } from '@preempt/contracts';

import type { TicketsConfig } from '../config';
import { Escalations } from '../escalation/escalations';
import { NocState } from '../operations/noc-state';
import { SilencesService } from '../silences/silences.service';
import { NocRepository } from '../storage/noc.repository';
import { TicketRepository } from '../storage/ticket.repository';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import { TICKETS_CONFIG } from '../tokens';
import { DetectionEventProcessor } from './detection-event.processor';

const PRUNE_EVERY_MS = 10 * 60_000;
/** how far back the end-of-window sweep looks after a restart */
const WINDOW_END_LOOKBACK_MS = 24 * 3_600_000;

/**
 * Background work, every AUTO_RESOLVE_SWEEP_INTERVAL: reloads the NOC state (windows, silences, feedback;
 * publishes changes to the detectors), fires due escalation steps, expires stale acknowledgements, ends
 * silences (re-notifying what still fails), opens at once the tickets of devices still abnormal when their
 * maintenance window ended, auto-resolves tickets of devices that went quiet (their own events no longer
 * advance time, so the clock is the largest event time this process has seen), and prunes what is past its
 * retention (applied event ids, lifecycle events, suppressed evidence).
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
    private readonly noc: NocRepository,
    private readonly state: NocState,
    private readonly escalations: Escalations,
    private readonly silences: SilencesService,
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
      const wall = Date.now();
      await this.state.refresh(wall);
      await this.escalations.fireDue(wall);
      await this.escalations.expireAcknowledgements(wall);
      await this.silences.endDue(wall);
      await this.windowsEnded(wall);
      await this.escalations.fireDue(wall);
    } catch (error) {
      this.logger.error('NOC operations sweep failed', (error as Error).stack);
    }
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
        const suppressed = await this.noc.pruneSuppressed(Date.now() - this.config.noc.suppressedRetentionMs);
        if (suppressed > 0) this.logger.log(`Pruned ${suppressed} suppressed evidence rows`);
      }
    } catch (error) {
      this.logger.error('Ticket maintenance failed', (error as Error).stack);
    }
  }

  /**
   * Maintenance windows whose occurrence ended since the last sweep (kept in the database, so one that ended
   * while no process ran is handled at the next start, up to a day back): the devices they covered that are
   * still abnormal get their ticket now.
   */
  private async windowsEnded(now: number): Promise<void> {
    const through = await this.noc.sweptThrough();
    if (through === null) return this.noc.setSweptThrough(now); // the first sweep ever: from now on
    const from = Math.max(through, now - WINDOW_END_LOOKBACK_MS);
    if (now <= from) return;
    for (const window of this.state.windows) {
      const parsed = parseSchedule(window);
      if (!parsed.ok || endedBetween(parsed.schedule, from, now).length === 0) continue;
      const devices = window.devices
        ? window.devices
        : (await this.noc.devicesWithCandidates(window.tenant))
            .filter((d) => window.site === null || d.site === window.site)
            .map((d) => d.device);
      let opened = 0;
      for (const device of devices) {
        if (await this.processor.openAfterWindow(window.tenant, device, now)) opened++;
      }
      if (opened > 0)
        this.logger.log(
          `Maintenance window ${window.id} ended: ${opened} device(s) still abnormal got a ticket`,
        );
    }
    await this.noc.setSweptThrough(now);
  }
}
