import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule, type AccessOptions } from '@preempt/access';
import { ObservabilityModule } from '@preempt/common';
import { type Channels, MessagingModule } from '@preempt/messaging';
import { type Database, DatabaseModule } from '@preempt/storage';

import type { NotifierConfig } from './config';
import { NotifierModule, type NotifierOptions } from './notifier.module';

@Module({})
class NotifierApp {}

/** The notifier on its own: health and metrics, the channels and database it is given, API keys, the notifier module. */
export function composeNotifier(
  config: NotifierConfig,
  channels: Channels,
  db: Database,
  access: AccessOptions,
  options: NotifierOptions = {},
): DynamicModule {
  return {
    module: NotifierApp,
    imports: [
      ObservabilityModule,
      MessagingModule.register(channels),
      DatabaseModule.register(db),
      AccessModule.register(access),
      NotifierModule.register(config, options),
    ],
  };
}
