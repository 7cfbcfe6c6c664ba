import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HealthRegistry } from '@preempt/common';
import { LogThrottle } from '@preempt/config';
import { groupByDevice, parsePointsMessage, type TelemetryPoint } from '@preempt/contracts';
import type { Subscription } from 'rxjs';

import { CheckpointService } from '../checkpoint/checkpoint.service';
import type { DetectorIo } from '../detector-io';
import { DETECTOR_IO } from '../tokens';
import { DetectionEngine } from '@preempt/engine';
import { DetectorMetrics } from './detector.metrics';
import { EventsPublisher } from './events.publisher';

/**
 * Points in, events out: parse, run the engine (synchronous, no I/O per point), publish the events, and
 * in MQTT mode resolve only when the events are acknowledged and a checkpoint containing the new state has
 * committed (the message is acknowledged to the broker then). Never throws for bad input.
 */
@Injectable()
export class DetectionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DetectionService.name);
  private readonly warnings = new LogThrottle(10_000);
  private subscription?: Subscription;

  constructor(
    @Inject(DETECTOR_IO) private readonly io: DetectorIo,
    private readonly engine: DetectionEngine,
    private readonly publisher: EventsPublisher,
    private readonly checkpoints: CheckpointService,
    private readonly metrics: DetectorMetrics,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const io = this.io;
    if (io.mode === 'mqtt') {
      this.health.register('mqtt', () => io.mqtt.connected);
      return;
    }
    // checkpoints were restored in onModuleInit, before the first point arrives
    this.subscription = io.telemetry.subscribe((points) => this.handlePoints(points));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.publisher.close();
  }

  async handleMessage(topic: string, payload: Uint8Array): Promise<void> {
    const parsed = parsePointsMessage(payload);
    if (!parsed.ok) {
      this.metrics.invalidMessage();
      const verdict = this.warnings.hit('invalid', Date.now());
      if (verdict.log) this.logger.warn(`Dropped invalid points message on ${topic}: ${parsed.reason}`);
      return;
    }
    const { tenant, device, points } = parsed.message;
    // every message waits the same single tick once restored, so the arrival order is kept
    await this.checkpoints.restored;
    const events = this.engine.process(tenant, device, points);
    for (const e of events)
      this.logger.debug(`${e.type} ${e.tenant}/${e.device} ${e.evidence.metric} (${e.id})`);
    await Promise.all([this.publisher.publish(events), this.checkpoints.committed()]);
  }

  /** In-process mode: accepted points of any devices, in order. */
  handlePoints(points: readonly TelemetryPoint[]): void {
    for (const { tenant, device, points: batch } of groupByDevice(points))
      void this.publisher.publish(this.engine.process(tenant, device, batch));
  }
}
