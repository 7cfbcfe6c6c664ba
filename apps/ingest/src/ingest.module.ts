import { DynamicModule, Module } from '@nestjs/common';
import { InfluxTelemetryStore, MemoryTelemetryStore, TELEMETRY_STORE } from '@preempt/storage';

import type { IngestConfig } from './config';
import { TelemetryQueryController } from './query/telemetry-query.controller';
import { TelemetryStoreLifecycle } from './storage/telemetry-store.lifecycle';
import { DeadLetterPublisher } from './telemetry/dead-letter.publisher';
import { IngestMetrics } from './telemetry/ingest.metrics';
import { PointsPublisher } from './telemetry/points.publisher';
import { TelemetryHandler } from './telemetry/telemetry.handler';
import { TelemetryService } from './telemetry/telemetry.service';
import { INGEST_CONFIG } from './tokens';

/**
 * Telemetry from the devices' channel -> validation -> InfluxDB (or the embedded memory store), dead
 * letters, accepted points handed to the detectors on the app channel, and the query API. Needs the
 * ObservabilityModule and the MessagingModule (DEVICE_CHANNEL, APP_CHANNEL) of its composition root.
 */
@Module({})
export class IngestModule {
  static register(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      controllers: [TelemetryQueryController],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        {
          provide: TELEMETRY_STORE,
          useFactory: () =>
            config.influx ? new InfluxTelemetryStore(config.influx) : new MemoryTelemetryStore(config.memory),
        },
        TelemetryStoreLifecycle,
        DeadLetterPublisher,
        PointsPublisher,
        IngestMetrics,
        TelemetryService,
        TelemetryHandler,
      ],
      exports: [TELEMETRY_STORE],
    };
  }
}
