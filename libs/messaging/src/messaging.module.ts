import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HealthRegistry, MetricsRegistry } from '@preempt/common';

import type { Channel } from './channel';
import { registerChannelMetrics } from './messaging.metrics';

/** Where devices' telemetry arrives and dead letters go. */
export const DEVICE_CHANNEL = Symbol('DEVICE_CHANNEL');
/** Between the apps. */
export const APP_CHANNEL = Symbol('APP_CHANNEL');

export interface Channels {
  devices: Channel;
  apps: Channel;
}

const MESSAGING_CHANNELS = Symbol('MESSAGING_CHANNELS');

/**
 * Starts the channels once every module is initialized (apps first, so downstream consumers are ready
 * before telemetry flows) and closes them on shutdown (devices first, so in-flight telemetry can still
 * finish downstream). Registers readiness and metrics per channel.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessagingLifecycle.name);
  private readonly distinct: Channel[];

  constructor(
    @Inject(MESSAGING_CHANNELS) private readonly channels: Channels,
    health: HealthRegistry,
    metrics: MetricsRegistry,
  ) {
    this.distinct = [...new Set([channels.apps, channels.devices])];
    const names = this.distinct.map((channel) => channel.name);
    if (new Set(names).size < names.length) throw new Error(`Two channels are both named '${names[0]}'`);
    for (const channel of this.distinct) health.register(channel.name, () => channel.connected);
    registerChannelMetrics(metrics, this.distinct);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const channel of this.distinct) await channel.start();
    this.logger.log(`Channels started: ${this.distinct.map((channel) => channel.name).join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const channel of [...this.distinct].reverse()) await channel.close();
  }
}

/**
 * The composition root chooses the adapters; handlers inject `DEVICE_CHANNEL` / `APP_CHANNEL`.
 *
 * @example
 * const mqtt = new MqttChannel(options);
 * MessagingModule.register({ devices: mqtt, apps: mqtt });                   // one app per process
 * MessagingModule.register({ devices: mqtt, apps: new InMemoryChannel() }); // the all-in-one
 */
@Global()
@Module({})
export class MessagingModule {
  static register(channels: Channels): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_CHANNELS, useValue: channels },
        { provide: DEVICE_CHANNEL, useValue: channels.devices },
        { provide: APP_CHANNEL, useValue: channels.apps },
        MessagingLifecycle,
      ],
      exports: [DEVICE_CHANNEL, APP_CHANNEL],
    };
  }
}
