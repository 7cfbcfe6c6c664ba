import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';
import {
  CONTROL_TOPICS,
  type FeedbackControlMessage,
  MaintenanceCalendar,
  type MaintenanceControlMessage,
  type RetiredDevicesControlMessage,
} from '@preempt/contracts';
import { FeedbackFilter } from '@preempt/engine';
import { APP_CHANNEL, type Channel, type Message } from '@preempt/messaging';

/**
 * What the tickets service tells every detector instance (retained messages with the whole current set,
 * no consumer group: each instance needs all of it): the maintenance windows (points inside one are scored
 * but not learned) and the false-positive feedback rules (the events they cover are withheld). Until the
 * first message arrives both are empty.
 */
@Injectable()
export class ControlState implements OnModuleInit {
  private readonly logger = new Logger(ControlState.name);
  calendar: MaintenanceCalendar = MaintenanceCalendar.EMPTY;
  feedback: FeedbackFilter = FeedbackFilter.EMPTY;
  /** retired devices (`tenant\u0000device`): their points are dropped, their models forgotten */
  private retired = new Set<string>();
  private readonly retireListeners: ((tenant: string, device: string) => void)[] = [];
  /** wall clock of the newest message applied per kind (an older one arriving late is ignored) */
  private readonly versions = { maintenance: 0, feedback: 0, retired: 0 };

  constructor(
    @Inject(APP_CHANNEL) private readonly apps: Channel,
    metrics: MetricsRegistry,
  ) {
    metrics.gauge('preempt_detector_maintenance_windows', 'Maintenance windows known to the detector', (g) =>
      g.set(this.calendar.size),
    );
    metrics.gauge('preempt_detector_feedback_rules', 'False-positive feedback rules in force', (g) =>
      g.set(this.feedback.size),
    );
    metrics.gauge('preempt_detector_retired_devices', 'Devices the NOC retired (points dropped)', (g) =>
      g.set(this.retired.size),
    );
  }

  isRetired(tenant: string, device: string): boolean {
    return this.retired.has(`${tenant}\u0000${device}`);
  }

  /** Calls `listener` for every device that becomes retired (once per retirement). */
  onRetire(listener: (tenant: string, device: string) => void): void {
    this.retireListeners.push(listener);
  }

  onModuleInit(): void {
    this.apps.consume(Object.values(CONTROL_TOPICS), (message) => this.handle(message));
  }

  handle(message: Message): Promise<void> {
    if (message.payload.length === 0) {
      // the retained message was deleted: nothing in force any more
      if (message.topic === CONTROL_TOPICS.maintenance) this.calendar = MaintenanceCalendar.EMPTY;
      if (message.topic === CONTROL_TOPICS.feedback) this.feedback = FeedbackFilter.EMPTY;
      if (message.topic === CONTROL_TOPICS.retired) this.retired = new Set();
      return Promise.resolve();
    }
    let body: unknown;
    try {
      body = JSON.parse(message.payload.toString('utf8'));
    } catch {
      this.logger.warn(`Ignored a control message on ${message.topic}: not JSON`);
      return Promise.resolve();
    }
    if (typeof body !== 'object' || body === null || typeof (body as { at?: unknown }).at !== 'number') {
      this.logger.warn(`Ignored a control message on ${message.topic}: no "at"`);
      return Promise.resolve();
    }
    if (message.topic === CONTROL_TOPICS.maintenance) {
      const { at, windows } = body as MaintenanceControlMessage;
      if (!Array.isArray(windows)) this.logger.warn('Ignored a maintenance message without "windows"');
      else if (at >= this.versions.maintenance) {
        this.versions.maintenance = at;
        this.calendar = MaintenanceCalendar.from(windows);
        this.logger.log(`Maintenance windows: ${windows.length}`);
      }
    } else if (message.topic === CONTROL_TOPICS.feedback) {
      const { at, rules } = body as FeedbackControlMessage;
      if (!Array.isArray(rules)) this.logger.warn('Ignored a feedback message without "rules"');
      else if (at >= this.versions.feedback) {
        this.versions.feedback = at;
        this.feedback = FeedbackFilter.from(rules);
        this.logger.log(`False-positive feedback rules: ${rules.length}`);
      }
    } else if (message.topic === CONTROL_TOPICS.retired) {
      const { at, devices } = body as RetiredDevicesControlMessage;
      if (!Array.isArray(devices)) this.logger.warn('Ignored a retired-devices message without "devices"');
      else if (at >= this.versions.retired) {
        this.versions.retired = at;
        this.applyRetired(devices);
      }
    }
    return Promise.resolve();
  }

  private applyRetired(devices: RetiredDevicesControlMessage['devices']): void {
    const before = this.retired;
    const valid = devices.filter((d) => typeof d?.tenant === 'string' && typeof d?.device === 'string');
    this.retired = new Set(valid.map((d) => `${d.tenant}\u0000${d.device}`));
    const newly = valid.filter((d) => !before.has(`${d.tenant}\u0000${d.device}`));
    for (const { tenant, device } of newly)
      for (const listener of this.retireListeners) listener(tenant, device);
    this.logger.log(`Retired devices: ${this.retired.size} (${newly.length} new)`);
  }
}
