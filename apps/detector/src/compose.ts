import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule, type AccessOptions } from '@preempt/access';
import { ObservabilityModule } from '@preempt/common';
import { type Channels, MessagingModule } from '@preempt/messaging';
import { type Database, DatabaseModule } from '@preempt/storage';

import type { DetectorConfig } from './config';
import { DetectorModule } from './detector.module';

@Module({})
class DetectorApp {}

/** The detector on its own: health and metrics, the channels and database it is given, API keys, the detector module. */
export function composeDetector(
  config: DetectorConfig,
  channels: Channels,
  db: Database,
  access: AccessOptions,
): DynamicModule {
  return {
    module: DetectorApp,
    imports: [
      ObservabilityModule,
      MessagingModule.register(channels),
      DatabaseModule.register(db),
      AccessModule.register(access),
      DetectorModule.register(config),
    ],
  };
}
