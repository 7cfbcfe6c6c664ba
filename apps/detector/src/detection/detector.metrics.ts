import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';
import { DetectionEngine } from '@preempt/engine';

/** The detector's Prometheus metrics; per-point counts are read from the engine at scrape time (no per-point cost). */
@Injectable()
export class DetectorMetrics {
  private readonly invalid;
  private readonly checkpointDuration;
  private readonly checkpointRows;
  private readonly checkpointFailures;
  private readonly inMaintenance;
  private readonly withheldEvents;
  private readonly acceptedRegimes;
  private readonly unreadable;
  private readonly retiredPoints;
  private readonly batchMessages;
  private readonly batchDuration;

  constructor(metrics: MetricsRegistry, engine: DetectionEngine) {
    this.invalid = metrics.counter(
      'preempt_detector_messages_invalid_total',
      'Points messages dropped as invalid',
    );
    this.checkpointDuration = metrics.histogram(
      'preempt_detector_checkpoint_duration_seconds',
      'Checkpoint write (dirty series upserted in one transaction)',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    );
    this.checkpointRows = metrics.counter(
      'preempt_detector_checkpoint_rows_total',
      'Series / device states checkpointed',
    );
    this.checkpointFailures = metrics.counter(
      'preempt_detector_checkpoint_failures_total',
      'Failed checkpoints (retried)',
    );
    this.unreadable = metrics.counter(
      'preempt_detector_checkpoints_unreadable_total',
      'Checkpointed model states that could not be read at start (skipped: those models start afresh)',
    );
    this.retiredPoints = metrics.counter(
      'preempt_detector_points_retired_total',
      'Points of retired devices, dropped (the NOC retired the device: nothing is learned or reported)',
    );
    this.batchMessages = metrics.histogram(
      'preempt_detector_batch_messages',
      'Points messages learned in one engine batch (those of one event-loop turn)',
      [1, 2, 5, 10, 50, 100, 500, 1000],
    );
    this.batchDuration = metrics.histogram(
      'preempt_detector_batch_duration_seconds',
      'Time one engine batch took to learn and decide (the event loop waits for it)',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    );
    this.inMaintenance = metrics.counter(
      'preempt_detector_points_in_maintenance_total',
      'Points scored but not learned: their device was in a maintenance window',
    );
    this.withheldEvents = metrics.counter(
      'preempt_detector_events_withheld_total',
      'Events withheld by a false-positive feedback rule',
      ['type'],
    );
    this.acceptedRegimes = metrics.counter(
      'preempt_detector_regimes_accepted_total',
      'Abnormal regimes accepted as the new normal on false-positive feedback (series, or device relationships)',
      ['model'],
    );
    metrics.gauge(
      'preempt_detector_abnormal',
      'Series / devices in an abnormal regime now (a fault that persists stays abnormal until it ends or is accepted)',
      (g) => {
        let series = 0;
        let devices = 0;
        for (const s of engine.registry.series.values()) if (s.regime.abnormal) series++;
        for (const d of engine.registry.devices.values()) if (d.detector.abnormal) devices++;
        g.set({ model: 'series' }, series);
        g.set({ model: 'device' }, devices);
      },
      ['model'],
    );
    const stats = engine.stats;
    metrics.gauge('preempt_detector_points_processed', 'Points learned (running total)', (g) =>
      g.set(stats.points),
    );
    metrics.gauge(
      'preempt_detector_points_invalid',
      'Points not learned: a non-finite time or value, or one their model rejects (running total)',
      (g) => g.set(stats.invalid),
    );
    metrics.gauge(
      'preempt_detector_points_skipped',
      'Replayed / out-of-order points skipped (running total)',
      (g) => g.set(stats.skipped),
    );
    metrics.gauge('preempt_detector_series_active', 'Series models in memory', (g) =>
      g.set(engine.registry.series.size),
    );
    metrics.gauge('preempt_detector_devices_active', 'Device relationship models in memory', (g) =>
      g.set(engine.registry.devices.size),
    );
    metrics.gauge(
      'preempt_detector_series_evicted',
      'Series evicted by the max-series bound (running total)',
      (g) => g.set(engine.registry.evictions),
    );
    metrics.gauge(
      'preempt_detector_events_emitted',
      'Detection events emitted by type (running total)',
      (g) => {
        for (const [type, n] of Object.entries(stats.events)) g.set({ type }, n);
      },
      ['type'],
    );
  }

  invalidMessage(): void {
    this.invalid.inc();
  }

  checkpoint(rows: number, seconds: number): void {
    this.checkpointRows.inc(rows);
    this.checkpointDuration.observe(seconds);
  }

  batch(messages: number, seconds: number): void {
    this.batchMessages.observe(messages);
    this.batchDuration.observe(seconds);
  }

  pointsInMaintenance(n: number): void {
    this.inMaintenance.inc(n);
  }

  withheld(type: string): void {
    this.withheldEvents.inc({ type });
  }

  regimesAccepted(series: number, devices: number): void {
    if (series > 0) this.acceptedRegimes.inc({ model: 'series' }, series);
    if (devices > 0) this.acceptedRegimes.inc({ model: 'device' }, devices);
  }

  checkpointFailed(): void {
    this.checkpointFailures.inc();
  }

  pointsRetired(n: number): void {
    this.retiredPoints.inc(n);
  }

  unreadableCheckpoints(n: number): void {
    this.unreadable.inc(n);
  }
}
