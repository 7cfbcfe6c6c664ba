import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';
import type { DeviceStatusEvent } from '@preempt/contracts';
import { DetectionEngine, DeviceSilenceTracker } from '@preempt/engine';

import { CheckpointService } from '../checkpoint/checkpoint.service';
import type { DetectorConfig } from '../config';
import { ControlState } from '../control/control-state.service';
import { EventsPublisher } from '../detection/events.publisher';
import { DETECTOR_CONFIG } from '../tokens';

/**
 * Device silence (README "Device silence"): every DEVICE_SILENCE_CHECK, the devices of this instance
 * that stopped reporting for DEVICE_SILENCE_AFTER (event time, see DeviceSilenceTracker) get a
 * `device_silent` event on their events topic, and a `device_reporting` one with their next points. A
 * device in a maintenance window is not reported while the window lasts. DEVICE_SILENCE_AFTER=0 turns it off.
 */
@Injectable()
export class DeviceSilence implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeviceSilence.name);
  private readonly tracker: DeviceSilenceTracker | null;
  private timer: NodeJS.Timeout | undefined;
  private readonly silent;

  constructor(
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    private readonly engine: DetectionEngine,
    private readonly checkpoints: CheckpointService,
    private readonly control: ControlState,
    private readonly publisher: EventsPublisher,
    metrics: MetricsRegistry,
  ) {
    const { afterMs, wallGuardMs } = config.silence;
    this.tracker =
      afterMs > 0 ? new DeviceSilenceTracker({ afterMs, wallGuardMs, maxDevices: config.maxSeries }) : null;
    this.silent = metrics.counter(
      'preempt_detector_device_status_events_total',
      'Device silence state changes published',
      ['type'],
    );
  }

  onApplicationBootstrap(): void {
    const tracker = this.tracker;
    if (!tracker) return;
    // devices known from the checkpoint count as seen at start: one that stays quiet is reported
    void this.checkpoints.restored.then(() => {
      const now = Date.now();
      for (const s of this.engine.registry.series.values())
        if (!this.control.isRetired(s.tenant, s.device)) tracker.restore(s.tenant, s.device, s.lastTs, now);
    });
    this.timer = setInterval(() => this.check(), this.config.silence.checkIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Stops tracking a retired device: it is never reported silent. */
  forget(tenant: string, device: string): void {
    this.tracker?.forget(tenant, device);
  }

  /** Points of a device arrived: the `device_reporting` event if it was silent. */
  seen(
    tenant: string,
    device: string,
    site: string | undefined,
    firstTs: number,
    lastTs: number,
  ): DeviceStatusEvent | null {
    const event = this.tracker?.seen(tenant, device, site, firstTs, lastTs, Date.now()) ?? null;
    if (event) {
      this.silent.inc({ type: event.type });
      this.logger.log(
        `${tenant}/${device} is reporting again (silent since ${new Date(event.lastSeenAt).toISOString()})`,
      );
    }
    return event;
  }

  /** One check (public for tests): publishes the devices that became silent. */
  check(now = Date.now()): Promise<void> {
    if (!this.tracker || !this.checkpoints.isRestored) return Promise.resolve();
    const calendar = this.control.calendar;
    const events = this.tracker.due(now, (ref, at) => calendar.activeAt(ref, at) !== null);
    for (const event of events) {
      this.silent.inc({ type: event.type });
      this.logger.warn(
        `${event.tenant}/${event.device} is silent: no point since ${new Date(event.lastSeenAt).toISOString()}`,
      );
    }
    return this.publisher.publish(events).catch((error: Error) => {
      this.logger.error(`Publishing device silence failed: ${error.message}`);
    });
  }
}
