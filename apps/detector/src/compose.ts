import { type DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@preempt/common';
import { type Channels, MessagingModule } from '@preempt/messaging';
import { type Database, DatabaseModule } from '@preempt/storage';

import type { DetectorConfig } from './config';
import { DetectorModule } from './detector.module';

@Module({})
class DetectorApp {}

/** The detector on its own: health and metrics, the channels and database it is given, the detector module. */
export function composeDetector(config: DetectorConfig, channels: Channels, db: Database): DynamicModule {
  return {
    module: DetectorApp,
    imports: [
      ObservabilityModule,
      MessagingModule.register(channels),
      DatabaseModule.register(db),
      DetectorModule.register(config),
    ],
  };
}
