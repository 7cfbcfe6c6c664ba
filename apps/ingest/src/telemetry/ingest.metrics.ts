import { Inject, Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';
import {
  REJECTION_REASONS,
  type RejectionReason,
  SKIP_REASONS,
  type SkippedFields,
  type TelemetryFormat,
} from '@preempt/contracts';
import { TELEMETRY_STORE, type TelemetryStore, type TelemetryStoreStats } from '@preempt/storage';

/** The ingest app's Prometheus metrics. */
@Injectable()
export class IngestMetrics {
  private readonly messages;
  private readonly rejections;
  private readonly points;
  private readonly skippedFields;
  private readonly deadLetters;
  private readonly latency;

  constructor(metrics: MetricsRegistry, @Inject(TELEMETRY_STORE) store: TelemetryStore) {
    this.messages = metrics.counter('preempt_ingest_messages_total', 'Telemetry messages received', [
      'format',
      'result',
    ]);
    this.rejections = metrics.counter(
      'preempt_ingest_rejected_total',
      'Rejected telemetry messages by reason',
      ['reason'],
    );
    for (const reason of REJECTION_REASONS) this.rejections.inc({ reason }, 0);
    this.points = metrics.counter('preempt_ingest_points_accepted_total', 'Points accepted (validated)');
    this.skippedFields = metrics.counter(
      'preempt_ingest_fields_skipped_total',
      'Fields left out of accepted messages (e.g. string fields), by reason',
      ['reason'],
    );
    for (const reason of SKIP_REASONS) this.skippedFields.inc({ reason }, 0);
    this.deadLetters = metrics.counter('preempt_ingest_deadletters_total', 'Dead letters published', [
      'result',
    ]);
    this.latency = metrics.histogram(
      'preempt_ingest_message_duration_seconds',
      'From receipt to acknowledgement (points durable or message dead-lettered)',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    const fromStats = (name: string, help: string, read: (s: TelemetryStoreStats) => number) =>
      metrics.gauge(name, help, (gauge) => gauge.set(read(store.stats())));
    fromStats(
      'preempt_storage_points_written',
      'Points confirmed by the store (running total)',
      (s) => s.pointsWritten,
    );
    fromStats(
      'preempt_storage_points_failed',
      'Points the store refused for good (running total)',
      (s) => s.pointsFailed,
    );
    fromStats(
      'preempt_storage_points_shed',
      'Points shed because a buffer bound was hit (running total)',
      (s) => s.pointsShed,
    );
    fromStats(
      'preempt_storage_points_pending',
      'Points accepted, not yet confirmed by the store',
      (s) => s.pointsPending,
    );
    fromStats(
      'preempt_storage_write_errors',
      'Failed write attempts, each retried (running total)',
      (s) => s.writeErrors,
    );
  }

  accepted(format: TelemetryFormat, points: number, skipped: SkippedFields = {}): void {
    this.messages.inc({ format, result: 'accepted' });
    this.points.inc(points);
    for (const reason of SKIP_REASONS) {
      const count = skipped[reason];
      if (count) this.skippedFields.inc({ reason }, count);
    }
  }

  rejected(format: TelemetryFormat | 'unknown', reason: RejectionReason): void {
    this.messages.inc({ format, result: 'rejected' });
    this.rejections.inc({ reason });
  }

  deadLetter(result: 'published' | 'failed'): void {
    this.deadLetters.inc({ result });
  }

  done(receivedAt: number): void {
    this.latency.observe((Date.now() - receivedAt) / 1000);
  }
}
