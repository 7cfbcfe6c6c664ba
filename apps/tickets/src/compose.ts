import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule, type AccessOptions } from '@preempt/access';
import { ObservabilityModule } from '@preempt/common';
import { type Channels, MessagingModule } from '@preempt/messaging';
import { type Database, DatabaseModule } from '@preempt/storage';

import type { TicketsConfig } from './config';
import { TicketsModule } from './tickets.module';

@Module({})
class TicketsApp {}

/** The tickets app on its own: health and metrics, the channels and database it is given, API keys, the tickets module. */
export function composeTickets(
  config: TicketsConfig,
  channels: Channels,
  db: Database,
  access: AccessOptions,
): DynamicModule {
  return {
    module: TicketsApp,
    imports: [
      ObservabilityModule,
      MessagingModule.register(channels),
      DatabaseModule.register(db),
      AccessModule.register(access),
      TicketsModule.register(config),
    ],
  };
}
