import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@preempt/common';
import { InfluxTelemetryStore, TELEMETRY_STORE, type TelemetryStore } from '@preempt/storage';

/**
 * Readiness check, InfluxDB database creation (retried in the background, so the process starts even
 * while InfluxDB is down), and the flush on shutdown — after the channels have stopped deliveries and the
 * messages in flight were stored and acknowledged.
 */
@Injectable()
export class TelemetryStoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TelemetryStoreLifecycle.name);
  private initialized = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    @Inject(TELEMETRY_STORE) private readonly store: TelemetryStore,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.health.register('storage', async () => this.initialized && (await this.store.ping()));
    this.logger.log(`Telemetry store: ${this.store.kind}`);
    void this.initialize(1000);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.retryTimer);
    const before = this.store.stats();
    await this.store.close();
    this.logger.log(`Telemetry store closed (${before.pointsPending} points were pending at shutdown)`);
  }

  private async initialize(delayMs: number): Promise<void> {
    try {
      if (this.store instanceof InfluxTelemetryStore) await this.store.init();
      this.initialized = true;
    } catch (error) {
      this.logger.warn(`InfluxDB not ready (${(error as Error).message}); retrying in ${delayMs} ms`);
      this.retryTimer = setTimeout(() => void this.initialize(Math.min(delayMs * 2, 30_000)), delayMs);
    }
  }
}
