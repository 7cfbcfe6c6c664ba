import { createHash } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CONTROL_TOPICS,
  type DeviceRef,
  type FeedbackControlMessage,
  type FeedbackRule,
  MaintenanceCalendar,
  type MaintenanceControlMessage,
  type MaintenanceWindowSpec,
  type RetiredDevicesControlMessage,
} from '@preempt/contracts';
import { APP_CHANNEL, type Channel, ChannelClosedError } from '@preempt/messaging';

import { NocRepository, type SilenceRecord } from '../storage/noc.repository';

/** A silence matches a ticket when every matcher it has equals the ticket's (tenant always). */
export function silenceMatches(
  silence: Pick<SilenceRecord, 'tenant' | 'device' | 'site' | 'failureMode'>,
  ticket: { tenant: string; device: string; failureMode: string },
  site: string | null,
): boolean {
  return (
    silence.tenant === ticket.tenant &&
    (silence.device === null || silence.device === ticket.device) &&
    (silence.site === null || silence.site === site) &&
    (silence.failureMode === null || silence.failureMode === ticket.failureMode)
  );
}

/**
 * The maintenance windows and silences in force, cached for the hot path (every detection event asks
 * whether its device is in maintenance), reloaded after each local change and on every sweep (a change made
 * by another tickets process is seen within AUTO_RESOLVE_SWEEP_INTERVAL). It also publishes the windows,
 * the feedback rules and the retired devices to the detectors (retained control messages) when they changed.
 */
@Injectable()
export class NocState {
  private readonly logger = new Logger(NocState.name);
  private calendar = MaintenanceCalendar.EMPTY;
  private silences: SilenceRecord[] = [];
  private retired = new Set<string>();
  private published = { maintenance: '', feedback: '', retired: '' };
  private refreshesStarted = 0;
  private newestApplied = 0;

  constructor(
    private readonly repository: NocRepository,
    @Inject(APP_CHANNEL) private readonly apps: Channel,
  ) {}

  /** The window covering the device at `at` (event or wall time), or null. */
  maintenanceAt(ref: DeviceRef, at: number) {
    return this.calendar.activeAt(ref, at);
  }

  get windows(): readonly MaintenanceWindowSpec[] {
    return this.calendar.windows;
  }

  /** Whether the NOC retired the device (nothing opens for it). */
  isRetired(tenant: string, device: string): boolean {
    return this.retired.has(`${tenant}\u0000${device}`);
  }

  /** The silences in force at `now` matching the ticket. */
  silencing(
    ticket: { tenant: string; device: string; failureMode: string },
    site: string | null,
    now: number,
  ) {
    return this.silences.filter(
      (s) => s.startsAt <= now && (s.endsAt === null || s.endsAt > now) && silenceMatches(s, ticket, site),
    );
  }

  /** Reloads windows, silences and feedback rules; publishes to the detectors what changed. */
  async refresh(now = Date.now()): Promise<void> {
    // Refreshes overlap (the sweep's and an API change's): one that began before another must not replace
    // what the later one read (a sweep reading just before a window was created would drop it again)
    const started = ++this.refreshesStarted;
    const [windows, silences, feedback, retired] = await Promise.all([
      this.repository.listWindows(),
      this.repository.activeSilences(),
      this.repository.activeFeedback(now),
      this.repository.listRetired(),
    ]);
    if (started < this.newestApplied) return;
    this.newestApplied = started;
    this.retired = new Set(retired.map((r) => `${r.tenant}\u0000${r.device}`));
    const devices = retired.map((r) => ({ tenant: r.tenant, device: r.device }));
    const specs: MaintenanceWindowSpec[] = windows.map((w) => ({
      id: w.id,
      tenant: w.tenant,
      devices: w.devices,
      site: w.site,
      start: w.start,
      durationMinutes: w.durationMinutes,
      timeZone: w.timeZone,
      rrule: w.rrule,
    }));
    this.calendar = MaintenanceCalendar.from(specs);
    this.silences = silences;
    const rules: FeedbackRule[] = feedback.map((f) => ({
      id: f.id,
      tenant: f.tenant,
      device: f.device,
      failureMode: f.failureMode,
      metrics: f.metrics,
      createdAt: f.createdAt,
      expiresAt: f.expiresAt,
    }));
    await Promise.all([
      this.publish(
        'maintenance',
        CONTROL_TOPICS.maintenance,
        specs,
        (at) =>
          ({
            at,
            windows: specs,
          }) satisfies MaintenanceControlMessage,
      ),
      this.publish(
        'feedback',
        CONTROL_TOPICS.feedback,
        rules,
        (at) =>
          ({
            at,
            rules,
          }) satisfies FeedbackControlMessage,
      ),
      this.publish(
        'retired',
        CONTROL_TOPICS.retired,
        devices,
        (at) => ({ at, devices }) satisfies RetiredDevicesControlMessage,
      ),
    ]);
  }

  private async publish(
    kind: 'maintenance' | 'feedback' | 'retired',
    topic: string,
    content: unknown,
    message: (at: number) => object,
  ): Promise<void> {
    const digest = createHash('sha256').update(JSON.stringify(content)).digest('hex');
    if (digest === this.published[kind]) return;
    try {
      await this.apps.publish(topic, JSON.stringify(message(Date.now())), { retain: true });
      this.published[kind] = digest;
    } catch (error) {
      if (error instanceof ChannelClosedError) return; // shutting down: the next start publishes it
      // published again at the next sweep
      this.logger.warn(
        `Publishing ${topic} failed (${(error as Error).message}); retrying at the next sweep`,
      );
    }
  }
}
