import { Logger } from '@nestjs/common';
import { ChannelClosedError, InMemoryChannel, type Message } from '@preempt/messaging';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import { describeChannelContract } from './channel.contract';

// Handler failures are expected here: keep the output to errors.
Logger.overrideLogger(['error']);

const fast = { retry: { initialMs: 5, maxMs: 20 }, closeTimeoutMs: 50 };

describeChannelContract('InMemoryChannel', async () => {
  const channel = new InMemoryChannel(fast);
  return {
    publisher: channel,
    consumer: () => channel,
    publishAwaitsAcknowledgement: true,
    redeliversToSameIdentity: false,
    cleanup: () => channel.close(),
  };
});

describe('InMemoryChannel', () => {
  let channel: InMemoryChannel;
  beforeEach(() => (channel = new InMemoryChannel(fast)));
  afterEach(() => channel.close());

  function deferred() {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
  }

  it('resolves a publish only once every consumer it went to acknowledged it', async () => {
    const first = deferred();
    const second = deferred();
    channel.consume(['points/+'], () => first.promise);
    channel.consume(['points/#'], () => second.promise);
    await channel.start();

    let settled = false;
    const publishing = channel.publish('points/1', 'p').then(() => (settled = true));
    first.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    second.resolve();
    await publishing;
    expect(channel.stats()).toMatchObject({ published: 1, delivered: 2, acknowledged: 2, inFlight: 0 });
  });

  it('resolves at once when no consumer matches', async () => {
    channel.consume(['points/+'], () => Promise.resolve());
    await channel.start();
    await expect(channel.publish('events/1', 'e')).resolves.toBeUndefined();
  });

  it('holds messages published before start() until then', async () => {
    const seen: string[] = [];
    channel.consume(['points/+'], (message) => {
      seen.push(message.payload.toString());
      return Promise.resolve();
    });
    const publishing = channel.publish('points/1', 'early');
    expect(seen).toEqual([]);
    await channel.start();
    await publishing;
    expect(seen).toEqual(['early']);
  });

  it('sends a key always to the same member of a group', async () => {
    const members: string[][] = [[], [], []];
    members.forEach((keys, i) =>
      channel.consume(
        ['points/+'],
        (message) => {
          keys.push(message.key);
          return Promise.resolve();
        },
        { group: 'detector', serial: i === 0 },
      ),
    );
    await channel.start();
    for (let round = 0; round < 3; round++)
      for (let device = 0; device < 12; device++)
        await channel.publish(`points/${device % 2}`, 'p', { key: `acme/rtr-${device}` });

    const owners = new Map<string, Set<number>>();
    members.forEach((keys, i) =>
      keys.forEach((key) => owners.set(key, (owners.get(key) ?? new Set()).add(i))),
    );
    expect(owners.size).toBe(12);
    expect([...owners.values()].every((owner) => owner.size === 1)).toBe(true);
    expect(members.filter((keys) => keys.length > 0).length).toBeGreaterThan(1);
  });

  it('passes byte payloads on without copying them', async () => {
    const received: Message[] = [];
    channel.consume(['raw/+'], (message) => {
      received.push(message);
      return Promise.resolve();
    });
    await channel.start();
    const bytes = new Uint8Array(new ArrayBuffer(16), 4, 8).fill(7);
    const buffer = Buffer.from('abc');
    await channel.publish('raw/1', bytes);
    await channel.publish('raw/2', buffer);
    await channel.publish('raw/3', 'text');

    expect(received[0].payload.buffer).toBe(bytes.buffer);
    expect([received[0].payload.byteOffset, received[0].payload.length]).toEqual([4, 8]);
    expect(received[1].payload).toBe(buffer);
    expect(received[2].payload.toString()).toBe('text');
    expect(received[2].key).toBe('raw/3');
  });

  it('rejects publishes waiting for a retry or a slot with ChannelClosedError on close', async () => {
    channel.consume(['jobs/+'], () => Promise.reject(new Error('down')), { maxInFlight: 1 });
    await channel.start();
    const retrying = channel.publish('jobs/1', 'a');
    const queued = channel.publish('jobs/2', 'b');
    const outcomes = Promise.allSettled([retrying, queued]);
    await expectEventually(
      () => expect(channel.stats()).toMatchObject({ retried: 1, inFlight: 1, queued: 1 }),
      {
        intervalMs: 5,
      },
    );
    expect(channel.stats().acknowledged).toBe(0);

    await channel.close();
    const [first, second] = await outcomes;
    expect(first).toMatchObject({ status: 'rejected', reason: expect.any(ChannelClosedError) });
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(ChannelClosedError) });
    await expect(channel.publish('jobs/3', 'c')).rejects.toBeInstanceOf(ChannelClosedError);
    expect(channel.stats()).toMatchObject({ inFlight: 0, queued: 0, acknowledged: 0 });
  });

  it('treats a handler that throws synchronously as a rejection', async () => {
    let calls = 0;
    channel.consume(['jobs/+'], () => {
      if (calls++ === 0) throw new Error('sync');
      return Promise.resolve();
    });
    await channel.start();
    await channel.publish('jobs/1', 'a');
    expect(channel.stats()).toMatchObject({ delivered: 1, retried: 1, acknowledged: 1 });
  });

  it('refuses consume() after start() and filters a broker would refuse', async () => {
    expect(() => channel.consume(['a/#/b'], () => Promise.resolve())).toThrow(/Invalid topic filter/);
    expect(() => channel.consume(['a/b+'], () => Promise.resolve())).toThrow(/Invalid topic filter/);
    expect(() => channel.consume(['$share/g/a'], () => Promise.resolve())).toThrow(/Invalid topic filter/);
    expect(() => channel.consume(['a/+'], () => Promise.resolve(), { group: 'x/y' })).toThrow(
      /Invalid group/,
    );
    await channel.start();
    expect(() => channel.consume(['a/+'], () => Promise.resolve())).toThrow(/before start/);
  });
});
