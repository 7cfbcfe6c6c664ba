import { type DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@preempt/common';
import { type Channels, MessagingModule } from '@preempt/messaging';
import { type Database, DatabaseModule } from '@preempt/storage';

import type { TicketsConfig } from './config';
import { TicketsModule } from './tickets.module';

@Module({})
class TicketsApp {}

/** The tickets app on its own: health and metrics, the channels and database it is given, the tickets module. */
export function composeTickets(config: TicketsConfig, channels: Channels, db: Database): DynamicModule {
  return {
    module: TicketsApp,
    imports: [
      ObservabilityModule,
      MessagingModule.register(channels),
      DatabaseModule.register(db),
      TicketsModule.register(config),
    ],
  };
}
