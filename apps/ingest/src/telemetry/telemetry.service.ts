import { Inject, Injectable, Logger } from '@nestjs/common';
import { LogThrottle } from '@preempt/config';
import { buildDeadLetter, parseTelemetryMessage } from '@preempt/contracts';
import { TELEMETRY_STORE, type TelemetryStore } from '@preempt/storage';

import type { IngestConfig } from '../config';
import { INGEST_CONFIG } from '../tokens';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { IngestMetrics } from './ingest.metrics';
import { PointsPublisher } from './points.publisher';

/**
 * One telemetry message: validate against the contract, then either store the points and hand them on to
 * the detectors (resolving once they are durable and handed on) or dead-letter the message with its reason.
 * Never throws for bad input.
 */
@Injectable()
export class TelemetryService {
  private readonly logger = new Logger(TelemetryService.name);
  private readonly warnings = new LogThrottle(10_000);

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(TELEMETRY_STORE) private readonly store: TelemetryStore,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly handoff: PointsPublisher,
    private readonly metrics: IngestMetrics,
  ) {}

  /**
   * Not `async`, and nothing of the message is kept in what it waits for: an accepted message may wait a
   * checkpoint interval for its acknowledgement, and tens of thousands of them do at once.
   */
  handle(topic: string, payload: Uint8Array, receivedAt: number): Promise<void> {
    const result = parseTelemetryMessage(topic, payload, receivedAt, this.config.limits);
    if (!result.ok) {
      this.metrics.rejected(result.format, result.reason);
      this.warn(topic, `${result.reason}: ${result.detail}`, result.reason, receivedAt);
      return this.deadLetter(topic, payload, receivedAt, {
        reason: result.reason,
        detail: result.detail,
      }).then(() => this.metrics.done(receivedAt));
    }
    this.metrics.accepted(result.format, result.points.length, result.skipped);
    const points = result.points;
    // Stored and handed on to the detectors at the same time: detection does not wait for InfluxDB's batch
    // flush (up to INFLUX_FLUSH_INTERVAL plus the write, most of the time from a deciding point to its ticket).
    // Both start synchronously here, in the order the messages arrive, so each device's points reach the
    // detectors in the order the device sent them. The message is acknowledged once both are done; if this
    // process dies first the broker redelivers it, and the detectors skip points they have already learned.
    const stored = this.store.write(points);
    const handedOn = this.handoff.publish(points);
    return Promise.all([stored, handedOn]).then(() => this.metrics.done(receivedAt));
  }

  private async deadLetter(
    topic: string,
    payload: Uint8Array,
    receivedAt: number,
    rejection: Parameters<typeof buildDeadLetter>[3],
  ): Promise<void> {
    try {
      await this.deadLetters.publish(buildDeadLetter(topic, payload, receivedAt, rejection));
      this.metrics.deadLetter('published');
    } catch (error) {
      this.metrics.deadLetter('failed');
      this.warn(topic, `dead letter not published: ${(error as Error).message}`, 'deadletter', receivedAt);
    }
  }

  private warn(topic: string, message: string, key: string, now: number): void {
    const verdict = this.warnings.hit(key, now);
    if (!verdict.log) return;
    const suppressed =
      verdict.suppressed > 0 ? ` (${verdict.suppressed} similar in the last 10 s not logged)` : '';
    this.logger.warn(`Rejected message on ${topic}: ${message}${suppressed}`);
  }
}
