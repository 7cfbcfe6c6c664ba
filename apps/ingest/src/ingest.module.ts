import { DynamicModule, Module } from '@nestjs/common';
import type { TelemetryPoint } from '@preempt/contracts';
import { InfluxTelemetryStore, MemoryTelemetryStore, TELEMETRY_STORE } from '@preempt/storage';
import { Subject } from 'rxjs';

import type { IngestConfig } from './config';
import { TelemetryQueryController } from './query/telemetry-query.controller';
import { TelemetryStoreLifecycle } from './storage/telemetry-store.lifecycle';
import { DeadLetterPublisher } from './telemetry/dead-letter.publisher';
import { IngestMetrics } from './telemetry/ingest.metrics';
import { PointsPublisher } from './telemetry/points.publisher';
import { TelemetryController } from './telemetry/telemetry.controller';
import { TelemetryService } from './telemetry/telemetry.service';
import { ACCEPTED_TELEMETRY, INGEST_CONFIG, MQTT_SERVER } from './tokens';
import type { AckingMqttServer } from '@preempt/common';

/**
 * MQTT telemetry -> validation -> InfluxDB (or the embedded memory store), dead letters, and the query
 * API. Needs the ObservabilityModule (health, metrics) imported by the app that hosts it.
 */
@Module({})
export class IngestModule {
  static register(config: IngestConfig, mqtt: AckingMqttServer): DynamicModule {
    return {
      module: IngestModule,
      controllers: [TelemetryController, TelemetryQueryController],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: MQTT_SERVER, useValue: mqtt },
        { provide: ACCEPTED_TELEMETRY, useValue: new Subject<TelemetryPoint[]>() },
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
      ],
      exports: [ACCEPTED_TELEMETRY, TELEMETRY_STORE],
    };
  }
}
