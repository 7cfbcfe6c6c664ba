import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule, type AccessOptions } from '@preempt/access';
import { ObservabilityModule } from '@preempt/common';
import { type Channels, MessagingModule } from '@preempt/messaging';
import { type Database, DatabaseModule } from '@preempt/storage';

import type { IngestConfig } from './config';
import { IngestModule } from './ingest.module';

@Module({})
class IngestApp {}

/**
 * The ingest app on its own: health and metrics, the channels it is given, API keys in the database it is
 * given, the ingest module.
 */
export function composeIngest(
  config: IngestConfig,
  channels: Channels,
  db: Database,
  access: AccessOptions,
): DynamicModule {
  return {
    module: IngestApp,
    imports: [
      ObservabilityModule,
      MessagingModule.register(channels),
      DatabaseModule.register(db),
      AccessModule.register(access),
      IngestModule.register(config),
    ],
  };
}
