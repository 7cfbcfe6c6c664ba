import { type DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@preempt/common';
import { type Channels, MessagingModule } from '@preempt/messaging';

import type { IngestConfig } from './config';
import { IngestModule } from './ingest.module';

@Module({})
class IngestApp {}

/** The ingest app on its own: health and metrics, the channels it is given, the ingest module. */
export function composeIngest(config: IngestConfig, channels: Channels): DynamicModule {
  return {
    module: IngestApp,
    imports: [ObservabilityModule, MessagingModule.register(channels), IngestModule.register(config)],
  };
}
