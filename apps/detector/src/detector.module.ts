import { DynamicModule, Module } from '@nestjs/common';
import type { DetectionEvent } from '@preempt/contracts';
import { Subject } from 'rxjs';

import { MetricCatalog, DetectionEngine } from '@preempt/engine';
import { CheckpointService } from './checkpoint/checkpoint.service';
import type { DetectorConfig } from './config';
import type { DetectorIo } from './detector-io';
import { DetectionService } from './detection/detection.service';
import { DetectorMetrics } from './detection/detector.metrics';
import { EventsPublisher } from './detection/events.publisher';
import { PointsController } from './detection/points.controller';
import { DETECTION_EVENTS, DETECTOR_CONFIG, DETECTOR_IO } from './tokens';

/**
 * Accepted points -> per-series / per-device models -> anomaly, forecast and recovered events, with model
 * state checkpointed to SQL. `io` chooses MQTT (own process) or in-process streams (all-in-one); the events
 * are always also on the exported DETECTION_EVENTS Subject. Needs the ObservabilityModule.
 *
 * @example
 * DetectorModule.register(config, { mode: 'inprocess', telemetry: acceptedTelemetry$ })
 */
@Module({})
export class DetectorModule {
  static register(config: DetectorConfig, io: DetectorIo): DynamicModule {
    return {
      module: DetectorModule,
      controllers: io.mode === 'mqtt' ? [PointsController] : [],
      providers: [
        { provide: DETECTOR_CONFIG, useValue: config },
        { provide: DETECTOR_IO, useValue: io },
        { provide: DETECTION_EVENTS, useValue: new Subject<DetectionEvent>() },
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
      ],
      exports: [DETECTION_EVENTS, DetectionEngine, CheckpointService],
    };
  }
}
