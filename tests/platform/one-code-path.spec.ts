import type { DynamicModule, INestApplication } from '@nestjs/common';
import { createApp } from '@preempt/common';
import type { Channel, ChannelStats, ConsumeOptions, Message, MessageHandler } from '@preempt/messaging';
import { type Database, openDatabase } from '@preempt/storage';

import {
  composeDetector,
  ControlState,
  loadDetectorEnv,
  PointsHandler,
  toDetectorConfig,
} from '../../apps/detector/src';
import { composeIngest, loadIngestEnv, TelemetryHandler, toIngestConfig } from '../../apps/ingest/src';
import {
  composeNotifier,
  LifecycleHandler,
  loadNotifierEnv,
  toNotifierConfig,
} from '../../apps/notifier/src';
import { composePlatform } from '../../apps/platform/src';
import {
  composeTickets,
  DetectionEventsHandler,
  loadTicketsEnv,
  toTicketsConfig,
} from '../../apps/tickets/src';

/** A channel that only records what is registered on it (nothing is delivered, nothing connects). */
class RecordingChannel implements Channel {
  readonly consumers: { filters: readonly string[]; handler: MessageHandler; options?: ConsumeOptions }[] =
    [];
  readonly connected = true;

  constructor(readonly name: string) {}

  consume(filters: readonly string[], handler: MessageHandler, options?: ConsumeOptions): void {
    this.consumers.push({ filters, handler, options });
  }
  publish(): Promise<void> {
    return Promise.resolve();
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  stats(): ChannelStats {
    return { delivered: 0, acknowledged: 0, retried: 0, inFlight: 0, queued: 0, published: 0 };
  }
}

const ACCESS = { metricsRequireKey: false, maxFailures: 10, failureWindowMs: 60_000 };

// ControlState: the detector's handler of the tickets service's control messages (windows, feedback rules)
const HANDLERS = [
  TelemetryHandler,
  PointsHandler,
  ControlState,
  DetectionEventsHandler,
  LifecycleHandler,
] as const;
type HandlerClass = (typeof HANDLERS)[number];

const configs = () => ({
  ingest: toIngestConfig(loadIngestEnv({})),
  detector: toDetectorConfig(loadDetectorEnv({})),
  tickets: toTicketsConfig(loadTicketsEnv({ DATA_DIR: ':memory:' })),
  notifier: toNotifierConfig(loadNotifierEnv({ DATA_DIR: ':memory:' })),
});

interface Registration {
  channel: string;
  filters: readonly string[];
  handler: string;
}

/**
 * Builds an app on recording channels, then calls every registered handler with a probe while the
 * handler classes' `handle` is spied on: which class, and which instance, each registration runs.
 */
async function registrations(
  compose: (channels: { devices: RecordingChannel; apps: RecordingChannel }, db: Database) => DynamicModule,
  shared: boolean,
): Promise<Registration[]> {
  const devices = new RecordingChannel('devices');
  const apps = shared ? devices : new RecordingChannel('apps');
  const db = await openDatabase({ dataDir: ':memory:', applicationName: 'one-code-path' });
  let app: INestApplication | undefined;
  const spies = HANDLERS.map((type) =>
    jest.spyOn(type.prototype as { handle(m: Message): Promise<void> }, 'handle').mockResolvedValue(),
  );
  try {
    app = await createApp(compose({ devices, apps }, db), 'error');
    await app.init();
    const found: Registration[] = [];
    for (const channel of shared ? [devices] : [devices, apps]) {
      for (const consumer of channel.consumers) {
        spies.forEach((spy) => spy.mockClear());
        await consumer.handler({ topic: 'probe', key: 'probe', payload: Buffer.from('{}') });
        const called = spies.flatMap((spy, i) =>
          spy.mock.contexts.map((self) => ({ type: HANDLERS[i], self })),
        );
        expect(called).toHaveLength(1);
        const [{ type, self }] = called;
        // the instance of that app's own Nest container
        expect(self).toBe(app.get<HandlerClass>(type));
        found.push({
          channel: shared ? 'devices+apps' : channel.name,
          filters: consumer.filters,
          handler: type.name,
        });
      }
    }
    return found;
  } finally {
    spies.forEach((spy) => spy.mockRestore());
    await app?.close();
    await db.close();
  }
}

describe('one code path: the all-in-one and the separate processes run the same handlers', () => {
  it('each process registers its one inbound handler per message type; the all-in-one registers exactly those', async () => {
    const c = configs();
    const ingest = await registrations((channels, db) => composeIngest(c.ingest, channels, db, ACCESS), true);
    const detector = await registrations(
      (channels, db) => composeDetector(c.detector, channels, db, ACCESS),
      true,
    );
    const tickets = await registrations(
      (channels, db) => composeTickets(c.tickets, channels, db, ACCESS),
      true,
    );
    expect(ingest.map((r) => r.handler)).toEqual(['TelemetryHandler']);
    expect(detector.map((r) => r.handler).sort()).toEqual(['ControlState', 'PointsHandler']);
    const notifier = await registrations(
      (channels, db) => composeNotifier(c.notifier, channels, db, ACCESS),
      true,
    );
    expect(tickets.map((r) => r.handler)).toEqual(['DetectionEventsHandler']);
    expect(notifier.map((r) => r.handler)).toEqual(['LifecycleHandler']);

    const platform = await registrations((channels, db) => composePlatform(c, channels, db, ACCESS), false);
    // telemetry from the devices' channel; points, control messages and detection events between the apps
    expect(platform.map(({ channel, handler }) => ({ channel, handler }))).toEqual([
      { channel: 'devices', handler: 'TelemetryHandler' },
      ...detector.map(({ handler }) => ({ channel: 'apps', handler })),
      { channel: 'apps', handler: 'DetectionEventsHandler' },
      { channel: 'apps', handler: 'LifecycleHandler' },
    ]);
    const filters = (list: Registration[]) => list.map((r) => [r.handler, r.filters]);
    expect(filters(platform)).toEqual([
      ...filters(ingest),
      ...filters(detector),
      ...filters(tickets),
      ...filters(notifier),
    ]);
  }, 60_000);
});
