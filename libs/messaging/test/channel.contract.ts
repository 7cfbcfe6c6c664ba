import { type Channel, ChannelClosedError, type Message, type MessageHandler } from '@preempt/messaging';

import { expectEventually } from '../../../tests/harness/expect-eventually';

/** What the contract suite needs from an adapter; one fresh subject per test. */
export interface ContractSubject {
  /** The channel the suite publishes on (not started yet). */
  publisher: Channel;
  /**
   * A channel to consume on (not started yet). The same `identity` means the same consumer coming back
   * (MQTT: client id and persistent session); none means a new one. Short retry and close timeouts.
   */
  consumer(identity?: string): Channel;
  /** publish() resolves only once the consumers acknowledged (in process), not when a broker has it. */
  publishAwaitsAcknowledgement: boolean;
  /** A message left unacknowledged by a closed consumer goes to the next one with its identity. */
  redeliversToSameIdentity: boolean;
  cleanup(): Promise<void>;
}

interface Gate {
  promise: Promise<void>;
  open(): void;
  fail(error: Error): void;
}

function gate(): Gate {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const text = (message: Message) => message.payload.toString();
const eventually = <T>(assertion: () => T) => expectEventually(assertion, { intervalMs: 5 });
let run = 0;

/**
 * One suite of delivery semantics, run on every Channel adapter (river's `checks/` idea): wildcards,
 * per-key order, serial keys, retries, groups, back-pressure, nothing lost on close.
 */
export function describeChannelContract(name: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${name}: the Channel contract`, () => {
    let subject: ContractSubject;
    let root: string;

    beforeEach(async () => {
      subject = await makeSubject();
      root = `contract/${process.pid}-${Date.now().toString(36)}-${run++}`;
    });
    afterEach(() => subject.cleanup());

    /** Starts the consumers, then the publisher. */
    async function startAll(...consumers: Channel[]): Promise<void> {
      for (const channel of consumers) await channel.start();
      await subject.publisher.start();
    }

    const recorder = (into: string[]): MessageHandler => {
      return (message) => {
        into.push(`${message.topic.slice(root.length)} ${text(message)}`);
        return Promise.resolve();
      };
    };

    it('delivers by + and # filters, once per consumer even when several of its filters match', async () => {
      const channel = subject.consumer();
      const wide: string[] = [];
      const narrow: string[] = [];
      channel.consume([`${root}/+/temp`, `${root}/#`], recorder(wide));
      channel.consume([`${root}/+/temp`, `${root}/r1/+`], recorder(narrow));
      await startAll(channel);

      for (const [topic, payload] of [
        [`${root}/r1/temp`, 'a'],
        [`${root}/r1/humidity`, 'b'],
        [`${root}/r1/temp/deep`, 'c'],
        [root, 'd'],
        [`other/${root}/r1/temp`, 'x'],
        [`${root}/r2/temp`, 'end'],
      ])
        await subject.publisher.publish(topic, payload);

      // Copies of a message arrive before the next message: after 'end', everything is in.
      await eventually(() => expect(narrow).toContain('/r2/temp end'));
      await eventually(() => expect(wide).toContain('/r2/temp end'));
      expect(wide).toEqual(['/r1/temp a', '/r1/humidity b', '/r1/temp/deep c', ' d', '/r2/temp end']);
      expect(narrow).toEqual(['/r1/temp a', '/r1/humidity b', '/r2/temp end']);
    });

    it('invokes the handler in arrival order', async () => {
      const channel = subject.consumer();
      const seen: string[] = [];
      channel.consume([`${root}/+`], recorder(seen));
      await startAll(channel);

      const sent = Array.from({ length: 60 }, (_, i) => `/k${i % 4} ${i}`);
      const publishes = sent.map((line) => {
        const [topic, payload] = line.split(' ');
        return subject.publisher.publish(`${root}${topic}`, payload);
      });
      await Promise.all(publishes);

      await eventually(() => expect(seen).toHaveLength(sent.length));
      expect(seen).toEqual(sent);
    });

    it('serial: a key waits for its predecessor to be acknowledged, through retries; other keys go on', async () => {
      const channel = subject.consumer();
      const seen: string[] = [];
      const attempts = [gate(), gate()];
      let firstAttempts = 0;
      channel.consume(
        [`${root}/+`],
        (message) => {
          seen.push(text(message));
          return text(message) === 'a1' ? attempts[firstAttempts++].promise : Promise.resolve();
        },
        { serial: true },
      );
      await startAll(channel);

      // The key is the topic by default: a1 and a2 share one, b1 has its own.
      const a1 = subject.publisher.publish(`${root}/a`, 'a1');
      const a2 = subject.publisher.publish(`${root}/a`, 'a2');
      await subject.publisher.publish(`${root}/b`, 'b1');
      await eventually(() => expect(seen).toEqual(['a1', 'b1']));

      attempts[0].fail(new Error('not yet'));
      await eventually(() => expect(seen).toEqual(['a1', 'b1', 'a1']));
      expect(channel.stats()).toMatchObject({ retried: 1, queued: 1 });
      attempts[1].open();
      await eventually(() => expect(seen).toEqual(['a1', 'b1', 'a1', 'a2']));
      await Promise.all([a1, a2]);
    });

    it('retries a rejected message and acknowledges it only once handled', async () => {
      const channel = subject.consumer('retrying');
      const attempts: string[] = [];
      const held = [gate(), gate()];
      channel.consume([`${root}/+`], (message) => {
        attempts.push(text(message));
        return held[attempts.length - 1].promise;
      });
      await startAll(channel);

      let published = false;
      const publishing = subject.publisher.publish(`${root}/r1`, 'm').then(() => (published = true));
      await eventually(() => expect(attempts).toEqual(['m']));
      held[0].fail(new Error('store down'));
      await eventually(() => expect(attempts).toEqual(['m', 'm']));
      expect(channel.stats()).toMatchObject({ retried: 1, acknowledged: 0, inFlight: 1 });
      expect(published).toBe(!subject.publishAwaitsAcknowledgement);
      held[1].open();
      await publishing;
      await eventually(() => expect(channel.stats()).toMatchObject({ acknowledged: 1, inFlight: 0 }));

      if (subject.redeliversToSameIdentity) {
        // Acknowledged to the broker: the same session, back, gets what comes next and not 'm' again.
        await channel.close();
        const back = subject.consumer('retrying');
        const seen: string[] = [];
        back.consume([`${root}/+`], recorder(seen));
        await back.start();
        await subject.publisher.publish(`${root}/r1`, 'next');
        await eventually(() => expect(seen).toEqual(['/r1 next']));
      }
    });

    it('splits a group: every message handled exactly once across its members', async () => {
      const group = `g${run}`;
      const members = [subject.consumer(), subject.consumer()];
      const handled: string[][] = [[], []];
      // Overlapping filters: a broker sends one copy per subscription, still handled once.
      members.forEach((member, i) =>
        member.consume([`${root}/+`, `${root}/#`], recorder(handled[i]), { group }),
      );
      await startAll(...members);

      const sent = Array.from({ length: 40 }, (_, i) => `/d${i} m${i}`);
      await Promise.all(
        sent.map((line) => subject.publisher.publish(`${root}${line.split(' ')[0]}`, line.split(' ')[1])),
      );

      await eventually(() => expect(new Set(handled.flat()).size).toBe(sent.length));
      expect(handled.flat().sort()).toEqual([...sent].sort());
      expect(handled[0].length).toBeGreaterThan(0);
      expect(handled[1].length).toBeGreaterThan(0);
    });

    it('holds at most maxInFlight messages in handlers and delivers them all', async () => {
      const channel = subject.consumer();
      const waiting: Gate[] = [];
      let inHandlers = 0;
      let most = 0;
      let released = false;
      channel.consume(
        [`${root}/+`],
        async () => {
          most = Math.max(most, ++inHandlers);
          if (!released) {
            const held = gate();
            waiting.push(held);
            await held.promise;
          }
          await Promise.resolve();
          inHandlers--;
        },
        { maxInFlight: 3 },
      );
      await startAll(channel);

      const publishes = Array.from({ length: 20 }, (_, i) =>
        subject.publisher.publish(`${root}/d${i % 5}`, `${i}`),
      );
      await eventually(() => expect(channel.stats()).toMatchObject({ inFlight: 3, queued: 17 }));
      expect(inHandlers).toBe(3);

      released = true;
      waiting.forEach((held) => held.open());
      await Promise.all(publishes);
      expect(most).toBe(3);
      await eventually(() =>
        expect(channel.stats()).toMatchObject({ inFlight: 0, queued: 0, acknowledged: 20 }),
      );
    });

    it('loses nothing when a consumer closes with a message unacknowledged', async () => {
      const channel = subject.consumer('keeper');
      const seen: string[] = [];
      channel.consume([`${root}/+`], (message) => {
        seen.push(text(message));
        return new Promise<void>(() => undefined); // never acknowledged
      });
      await startAll(channel);

      const publishing = subject.publisher.publish(`${root}/r1`, 'precious');
      const outcome = publishing.then(
        () => 'accepted',
        (error: unknown) => error,
      );
      if (!subject.publishAwaitsAcknowledgement) await publishing;
      await eventually(() => expect(seen).toEqual(['precious']));
      await channel.close();
      expect(channel.stats().acknowledged).toBe(0);

      if (subject.redeliversToSameIdentity) {
        const back = subject.consumer('keeper');
        const again: string[] = [];
        back.consume([`${root}/+`], recorder(again));
        await back.start();
        await eventually(() => expect(again).toEqual(['/r1 precious']));
      } else {
        expect(await outcome).toBeInstanceOf(ChannelClosedError);
      }
    });
  });
}
