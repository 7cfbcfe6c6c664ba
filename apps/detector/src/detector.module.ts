import { DynamicModule, Module } from '@nestjs/common';
import { DetectionEngine, MetricCatalog } from '@preempt/engine';

import { CheckpointService } from './checkpoint/checkpoint.service';
import type { DetectorConfig } from './config';
import { DetectionService } from './detection/detection.service';
import { DetectorMetrics } from './detection/detector.metrics';
import { EventsPublisher } from './detection/events.publisher';
import { PointsHandler } from './detection/points.handler';
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
        {
          provide: DetectionEngine,
          useValue: new DetectionEngine(new MetricCatalog(config.catalog), {
            partitions: config.partitions,
            maxSeries: config.maxSeries,
            policy: config.policy,
            multivariate: config.multivariate,
          }),
        },
        DetectorMetrics,
        EventsPublisher,
        CheckpointService,
        DetectionService,
        PointsHandler,
      ],
      exports: [DetectionEngine, CheckpointService],
    };
  }
}
