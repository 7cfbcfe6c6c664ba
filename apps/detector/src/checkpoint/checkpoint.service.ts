import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { HealthRegistry } from '@preempt/common';
import { DetectionEngine } from '@preempt/engine';
import { DATABASE, type Database, runMigrations } from '@preempt/storage';

import type { DetectorConfig } from '../config';
import { DetectorMetrics } from '../detection/detector.metrics';
import { EventsPublisher } from '../detection/events.publisher';
import { DETECTOR_CONFIG } from '../tokens';
import { CheckpointRepository, DETECTOR_MIGRATIONS } from './checkpoint.repository';

/** Messages waiting for a checkpoint share one promise per this many: releasing them is paced per group. */
const WAITERS_PER_GROUP = 256;
// unreadable checkpoint rows logged one by one at start; the rest are counted
const UNREADABLE_LOGGED = 20;

class WaitGroup {
  size = 0;
  resolve!: () => void;
  readonly promise = new Promise<void>((resolve) => (this.resolve = resolve));
}

/**
 * Model state in the SQL database: restored for the owned partitions at start (before any point is
 * processed), then every CHECKPOINT_INTERVAL a consistent snapshot of the models changed since the last
 * checkpoint is upserted in one transaction, and once more on shutdown. `committed()` resolves when a
 * checkpoint that started after the call has committed: a points message is acknowledged only then.
 */
@Injectable()
export class CheckpointService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(CheckpointService.name);
  private readonly repository: CheckpointRepository;
  private timer?: NodeJS.Timeout;
  private waiting: WaitGroup[] = [];
  private open = new WaitGroup();
  private flushing: Promise<void> | null = null;
  private closing = false;
  private markRestored!: () => void;
  /** Resolves once the checkpointed models are in the engine. */
  readonly restored = new Promise<void>((resolve) => (this.markRestored = resolve));
  isRestored = false;
  restoredRows = 0;

  constructor(
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly engine: DetectionEngine,
    private readonly publisher: EventsPublisher,
    private readonly metrics: DetectorMetrics,
    private readonly health: HealthRegistry,
  ) {
    this.repository = new CheckpointRepository(db);
  }

  async onModuleInit(): Promise<void> {
    await runMigrations(this.db, DETECTOR_MIGRATIONS);
    const started = Date.now();
    const rows = await this.repository.load(this.config.ownedPartitions);
    const { restored, unreadable } = this.engine.restore(rows);
    this.restoredRows = restored;
    // a damaged row costs its series what it had learned, not the detector: it starts afresh and its next
    // checkpoint replaces the row
    for (const { key, reason } of unreadable.slice(0, UNREADABLE_LOGGED))
      this.logger.warn(`Checkpoint of ${key} is unreadable (${reason}): that model starts afresh`);
    if (unreadable.length > UNREADABLE_LOGGED)
      this.logger.warn(`${unreadable.length - UNREADABLE_LOGGED} more unreadable checkpoints not listed`);
    this.metrics.unreadableCheckpoints(unreadable.length);
    this.isRestored = true;
    this.markRestored();
    this.logger.log(
      `Restored ${restored} model states for partitions [${this.config.ownedPartitions.join(',')}] in ${Date.now() - started} ms (${this.db.kind})`,
    );
    this.health.register('database', () => this.db.ping());
    this.timer = setInterval(() => void this.flush(), this.config.checkpointIntervalMs);
    this.timer.unref();
  }

  /** Deletes a device's checkpoint rows (a retired device, whose models the engine forgot). */
  async forgetDevice(tenant: string, device: string): Promise<void> {
    try {
      const rows = await this.repository.deleteDevice(tenant, device);
      this.logger.log(`Retired ${tenant}/${device}: ${rows} checkpointed model(s) deleted`);
    } catch (error) {
      // the rows come back at the next start and are forgotten again when the retired set arrives
      this.logger.warn(`Deleting the checkpoints of ${tenant}/${device} failed: ${(error as Error).message}`);
    }
  }

  /** Resolves once a checkpoint that started after this call has committed. */
  committed(): Promise<void> {
    if (this.open.size >= WAITERS_PER_GROUP) {
      this.waiting.push(this.open);
      this.open = new WaitGroup();
    }
    this.open.size++;
    // shutting down: messages still in flight are not kept waiting for the interval
    if (this.closing) setImmediate(() => void this.flush());
    return this.open.promise;
  }

  /** Runs a checkpoint now (or joins the running one and then runs another). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.write().finally(() => (this.flushing = null));
    await this.flushing;
  }

  /** Before the channels stop: checkpoint what the messages in flight taught, so they can be acknowledged. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.withDeadline(this.flush());
  }

  /** After the channels stopped: the final checkpoint. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.withDeadline(this.flush());
    this.logger.log('Final checkpoint written');
  }

  private withDeadline(work: Promise<void>): Promise<void> {
    const deadline = new Promise<void>((resolve) =>
      setTimeout(resolve, this.config.shutdownTimeoutMs).unref(),
    );
    return Promise.race([work, deadline]);
  }

  private async write(): Promise<void> {
    const groups = this.waiting;
    if (this.open.size > 0) groups.push(this.open);
    this.waiting = [];
    this.open = new WaitGroup();
    const rows = await this.engine.registry.snapshot();
    // Events of the state in this snapshot must be out before the state is committed.
    const published = this.publisher.pending();
    const started = performance.now();
    try {
      await published;
      await this.repository.save(rows);
      this.metrics.checkpoint(rows.length, (performance.now() - started) / 1000);
    } catch (error) {
      this.engine.registry.restoreDirty(rows);
      this.waiting = [...groups, ...this.waiting];
      this.metrics.checkpointFailed();
      this.logger.warn(`Checkpoint of ${rows.length} rows failed (${(error as Error).message}); retrying`);
      return;
    }
    // Released a group at a time with the event loop served in between: thousands of acknowledgements
    // at once would hold everything else in the process for a long moment.
    for (let i = 0; i < groups.length; i++) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      groups[i].resolve();
    }
  }
}
