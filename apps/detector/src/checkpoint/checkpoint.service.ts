import {
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { HealthRegistry } from '@preempt/common';
import { type Database, openDatabase, runMigrations } from '@preempt/storage';

import type { DetectorConfig } from '../config';
import { DetectionEngine } from '@preempt/engine';
import { DetectorMetrics } from '../detection/detector.metrics';
import { EventsPublisher } from '../detection/events.publisher';
import type { DetectorIo } from '../detector-io';
import { DETECTOR_CONFIG, DETECTOR_IO } from '../tokens';
import { CheckpointRepository, DETECTOR_MIGRATIONS } from './checkpoint.repository';

/**
 * Model state in the SQL database: restored for the owned partitions at start (before any point is
 * processed), then every CHECKPOINT_INTERVAL the series changed since the last checkpoint are upserted in
 * one transaction, and once more on shutdown. `committed()` resolves when a checkpoint that started after
 * the call has committed: a points message is acknowledged only then.
 */
@Injectable()
export class CheckpointService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(CheckpointService.name);
  private db?: Database;
  private repository?: CheckpointRepository;
  private timer?: NodeJS.Timeout;
  private waiters: Array<() => void> = [];
  private flushing: Promise<void> | null = null;
  private markRestored!: () => void;
  /**
   * Resolves once the checkpointed models are in the engine. The MQTT consumer may start before this
   * service's onModuleInit (Nest starts connected microservices first) and the broker then redelivers at
   * once: a point learned by a fresh model before the restore replaced it would be lost from the restored
   * one, and acknowledged by the next checkpoint.
   */
  readonly restored = new Promise<void>((resolve) => (this.markRestored = resolve));
  restoredRows = 0;

  constructor(
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    @Inject(DETECTOR_IO) private readonly io: DetectorIo,
    private readonly engine: DetectionEngine,
    private readonly publisher: EventsPublisher,
    private readonly metrics: DetectorMetrics,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.db =
      this.io.database ??
      (await openDatabase({ ...this.config.database, applicationName: 'preempt-detector' }));
    await runMigrations(this.db, DETECTOR_MIGRATIONS);
    this.repository = new CheckpointRepository(this.db);
    const started = Date.now();
    const rows = await this.repository.load(this.config.ownedPartitions);
    this.engine.restore(rows);
    this.restoredRows = rows.length;
    this.markRestored();
    this.logger.log(
      `Restored ${rows.length} model states for partitions [${this.config.ownedPartitions.join(',')}] in ${Date.now() - started} ms (${this.db.kind})`,
    );
    this.health.register('database', () => this.db!.ping());
    this.timer = setInterval(() => void this.flush(), this.config.checkpointIntervalMs);
    this.timer.unref();
  }

  /** Resolves once a checkpoint that started after this call has committed. */
  committed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Runs a checkpoint now (or joins the running one and then runs another). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.write().finally(() => (this.flushing = null));
    await this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    if (!this.repository) return;
    const deadline = new Promise<void>((resolve) =>
      setTimeout(resolve, this.config.shutdownTimeoutMs).unref(),
    );
    await Promise.race([this.flush(), deadline]);
    this.logger.log('Final checkpoint written');
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.io.database) await this.db?.close();
    this.db = undefined;
  }

  private async write(): Promise<void> {
    const waiters = this.waiters;
    this.waiters = [];
    // MQTT mode: one synchronous snapshot. Series and device models must be cut at the same point of the
    // stream, or points redelivered after a crash would be learned twice by the models serialized later.
    // In process (all-in-one) nothing is redelivered to the detector (points are acknowledged once durable
    // in InfluxDB), so the snapshot is taken in slices and the shared event loop keeps serving meanwhile.
    const rows = await this.engine.registry.snapshot();
    // Events of the state in this snapshot must be out before the state is committed.
    const published = this.publisher.pending();
    const started = performance.now();
    try {
      await published;
      await this.repository!.save(rows);
      this.metrics.checkpoint(rows.length, (performance.now() - started) / 1000);
      for (const resolve of waiters) resolve();
    } catch (error) {
      this.engine.registry.restoreDirty(rows);
      this.waiters.unshift(...waiters);
      this.metrics.checkpointFailed();
      this.logger.warn(`Checkpoint of ${rows.length} rows failed (${(error as Error).message}); retrying`);
    }
  }
}
