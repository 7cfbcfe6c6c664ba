import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HealthRegistry, MetricsRegistry, ObservabilityModule } from '@preempt/common';
import {
  APP_CHANNEL,
  type Channel,
  DEVICE_CHANNEL,
  InMemoryChannel,
  MessagingModule,
} from '@preempt/messaging';

@Injectable()
class NeedsChannels {
  constructor(
    @Inject(DEVICE_CHANNEL) readonly devices: Channel,
    @Inject(APP_CHANNEL) readonly apps: Channel,
  ) {}
}

@Module({ providers: [NeedsChannels] })
class FeatureModule {}

/** Records start/close calls in one shared log. */
function recorded(name: string, log: string[]): InMemoryChannel {
  const channel = new InMemoryChannel({ name });
  const start = channel.start.bind(channel);
  const close = channel.close.bind(channel);
  channel.start = () => (log.push(`start ${name}`), start());
  channel.close = () => (log.push(`close ${name}`), close());
  return channel;
}

async function compose(devices: Channel, apps: Channel) {
  const app = await Test.createTestingModule({
    imports: [ObservabilityModule, MessagingModule.register({ devices, apps }), FeatureModule],
  }).compile();
  return app;
}

describe('MessagingModule', () => {
  beforeAll(() => Logger.overrideLogger(['error']));

  it('provides both channels to any module, starts apps before devices and closes devices first', async () => {
    const log: string[] = [];
    const devices = recorded('devices', log);
    const apps = recorded('bus', log);
    const app = await compose(devices, apps);
    expect(app.get(NeedsChannels)).toMatchObject({ devices, apps });

    await app.init();
    expect(log).toEqual(['start bus', 'start devices']);
    expect(await app.get(HealthRegistry).readiness()).toEqual({
      ready: true,
      checks: { bus: 'up', devices: 'up' },
    });

    await app.close();
    expect(log).toEqual(['start bus', 'start devices', 'close devices', 'close bus']);
    expect((await app.get(HealthRegistry).readiness()).ready).toBe(false);
  });

  it('starts and closes one channel serving both roles once', async () => {
    const log: string[] = [];
    const channel = recorded('mqtt', log);
    const app = await compose(channel, channel);
    await app.init();
    await app.close();
    expect(log).toEqual(['start mqtt', 'close mqtt']);
  });

  it('exposes preempt_messages_* per channel from stats()', async () => {
    const apps = new InMemoryChannel({ name: 'bus' });
    const app = await compose(new InMemoryChannel({ name: 'devices' }), apps);
    await app.init();
    await apps.publish('points/1', 'p');

    const text = await app.get(MetricsRegistry).registry.metrics();
    expect(text).toContain('preempt_messages_published_total{channel="bus"} 1');
    expect(text).toContain('preempt_messages_published_total{channel="devices"} 0');
    expect(text).toContain('preempt_messages_in_flight{channel="bus"} 0');
    expect(text).toContain('# TYPE preempt_messages_acknowledged_total counter');
    await app.close();
  });
});
