import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule, type AccessOptions } from '@preempt/access';
import { ObservabilityModule } from '@preempt/common';
import { type Channels, MessagingModule } from '@preempt/messaging';
import { type Database, DatabaseModule } from '@preempt/storage';

import { type DetectorConfig, DetectorModule } from '../../detector/src';
import { type IngestConfig, IngestModule } from '../../ingest/src';
import { type NotifierConfig, NotifierModule } from '../../notifier/src';
import { type TicketsConfig, TicketsModule } from '../../tickets/src';
import { SessionController } from './console/session.controller';

export interface PlatformConfigs {
  ingest: IngestConfig;
  detector: DetectorConfig;
  tickets: TicketsConfig;
  notifier: NotifierConfig;
}

// GET /api/v1/session: who the console's key is (the console is the all-in-one's only)
@Module({ controllers: [SessionController] })
class PlatformApp {}

/**
 * The all-in-one: the four apps' own modules side by side on one HTTP server, one set of health and
 * metrics endpoints, one database, one set of API keys, and the channels it is given (the devices' broker; between the apps,
 * whatever `channels.apps` is: the in-memory channel in `npm start`).
 */
export function composePlatform(
  configs: PlatformConfigs,
  channels: Channels,
  db: Database,
  access: AccessOptions,
): DynamicModule {
  return {
    module: PlatformApp,
    imports: [
      ObservabilityModule,
      MessagingModule.register(channels),
      DatabaseModule.register(db),
      AccessModule.register(access),
      IngestModule.register(configs.ingest),
      DetectorModule.register(configs.detector),
      TicketsModule.register(configs.tickets),
      NotifierModule.register(configs.notifier),
    ],
  };
}
