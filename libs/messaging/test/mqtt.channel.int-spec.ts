import { Logger } from '@nestjs/common';
import { type Channel, type Message, MqttChannel, type MqttChannelOptions } from '@preempt/messaging';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import { clearSession, uniqueId } from '../../../tests/harness/test-kit';
import { describeChannelContract } from './channel.contract';

// Against the harness's real Mosquitto 2.0.11 (MQTT_URL).

// Handler failures are expected here: keep the output to errors.
Logger.overrideLogger(['error']);

function options(clientId: string, overrides: Partial<MqttChannelOptions> = {}): MqttChannelOptions {
  return {
    url: process.env.MQTT_URL!,
    clientId,
    protocolVersion: 5,
    receiveMaximum: 100,
    sessionExpirySeconds: 60,
    sharedSubscriptions: true,
    retry: { initialMs: 10, maxMs: 50 },
    closeTimeoutMs: 100,
    ...overrides,
  };
}

/** Channels made for one test, closed and their sessions cleared after it. */
function channels(protocolVersion: 4 | 5 = 5) {
  const opened: Channel[] = [];
  const clientIds = new Set<string>();
  const identities = new Map<string, string>();
  return {
    open(identity?: string, overrides: Partial<MqttChannelOptions> = {}): MqttChannel {
      let clientId = identity === undefined ? uniqueId('msg') : identities.get(identity);
      if (clientId === undefined) identities.set(identity!, (clientId = uniqueId(identity)));
      clientIds.add(clientId);
      const channel = new MqttChannel(options(clientId, { protocolVersion, ...overrides }));
      opened.push(channel);
      return channel;
    },
    async cleanup(): Promise<void> {
      await Promise.all(opened.map((channel) => channel.close()));
      await Promise.all([...clientIds].map((clientId) => clearSession(clientId)));
    },
  };
}

describeChannelContract('MqttChannel (MQTT 5)', async () => {
  const made = channels();
  return {
    publisher: made.open(),
    consumer: (identity) => made.open(identity),
    publishAwaitsAcknowledgement: false,
    redeliversToSameIdentity: true,
    cleanup: () => made.cleanup(),
  };
});

describe('MqttChannel', () => {
  let made: ReturnType<typeof channels>;
  const root = () => `mqtt-channel/${uniqueId('t')}`;
  afterEach(() => made.cleanup());

  it('carries the key as the user property `key` (MQTT 5), defaulting to the topic', async () => {
    made = channels();
    const topic = root();
    const seen: Message[] = [];
    const consumer = made.open();
    consumer.consume([topic], (message) => {
      seen.push(message);
      return Promise.resolve();
    });
    await consumer.start();
    const publisher = made.open();
    await publisher.start();
    await publisher.publish(topic, 'a', { key: 'acme/rtr-01' });
    await publisher.publish(topic, new Uint8Array([1, 2, 3]));

    await expectEventually(() => expect(seen).toHaveLength(2), { intervalMs: 10 });
    expect(seen.map((message) => message.key)).toEqual(['acme/rtr-01', topic]);
    expect([...seen[1].payload]).toEqual([1, 2, 3]);
    expect(consumer.connected).toBe(true);
    expect(publisher.stats().published).toBe(2);
  });

  it('MQTT 3.1.1: acknowledges only once handled, redelivers what was not', async () => {
    made = channels(4);
    const topic = root();
    const first = made.open('v4');
    const seen: string[] = [];
    first.consume([topic], (message) => {
      seen.push(message.payload.toString());
      return seen.length === 1 ? Promise.resolve() : new Promise<void>(() => undefined);
    });
    await first.start();
    const publisher = made.open();
    await publisher.start();
    await publisher.publish(topic, 'handled');
    await publisher.publish(topic, 'pending');
    await expectEventually(() => expect(seen).toEqual(['handled', 'pending']), { intervalMs: 10 });
    await first.close();

    const back = made.open('v4');
    const again: string[] = [];
    back.consume([topic], (message) => {
      again.push(message.payload.toString());
      return Promise.resolve();
    });
    await back.start();
    await expectEventually(() => expect(again).toEqual(['pending']), { intervalMs: 10 });
  });

  it('bounds messages in handlers by receive-maximum itself (Mosquitto exceeds it once acks flow)', async () => {
    made = channels();
    const topic = root();
    const consumer = made.open(undefined, { receiveMaximum: 5 });
    let inHandlers = 0;
    let most = 0;
    consumer.consume([`${topic}/+`], async () => {
      most = Math.max(most, ++inHandlers);
      await new Promise((resolve) => setImmediate(resolve));
      inHandlers--;
    });
    await consumer.start();
    const publisher = made.open();
    await publisher.start();
    await Promise.all(Array.from({ length: 300 }, (_, i) => publisher.publish(`${topic}/d${i % 7}`, `${i}`)));

    await expectEventually(() => expect(consumer.stats().acknowledged).toBe(300), { intervalMs: 10 });
    expect(most).toBe(5);
  });
});
