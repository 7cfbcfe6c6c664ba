import { DynamicModule, Module } from '@nestjs/common';
import { DetectionEngine, MetricCatalog } from '@preempt/engine';

import { CheckpointService } from './checkpoint/checkpoint.service';
import type { DetectorConfig } from './config';
import { ControlState } from './control/control-state.service';
import { DetectionService } from './detection/detection.service';
import { DetectorMetrics } from './detection/detector.metrics';
import { EventsPublisher } from './detection/events.publisher';
import { PointsHandler } from './detection/points.handler';
import { DeviceSilence } from './silence/device-silence.service';
import { DETECTOR_CONFIG } from './tokens';

/**
 * Accepted points -> per-series / per-device models -> anomaly, forecast and recovered events, with model
 * state checkpointed to SQL. Needs the ObservabilityModule, the MessagingModule (APP_CHANNEL) and the
 * DatabaseModule of its composition root.
 */
@Module({})
export class DetectorModule {
  static register(config: DetectorConfig): DynamicModule {
    return {
      module: DetectorModule,
      providers: [
        { provide: DETECTOR_CONFIG, useValue: config },
        { provide: MetricCatalog, useValue: new MetricCatalog(config.catalog) },
        {
          provide: DetectionEngine,
          useFactory: (catalog: MetricCatalog) =>
            new DetectionEngine(catalog, {
              partitions: config.partitions,
              maxSeries: config.maxSeries,
              policy: config.policy,
              multivariate: config.multivariate,
            }),
          inject: [MetricCatalog],
        },
        DetectorMetrics,
        EventsPublisher,
        CheckpointService,
        ControlState,
        DeviceSilence,
        DetectionService,
        PointsHandler,
      ],
      exports: [DetectionEngine, CheckpointService],
    };
  }
}
