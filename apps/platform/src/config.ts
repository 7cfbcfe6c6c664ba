import { loadAccessEnv } from '@preempt/access';
import { ConfigError, ConfigOf, env, loadConfig } from '@preempt/config';

import { loadDetectorEnv } from '../../detector/src';
import { loadIngestEnv } from '../../ingest/src';
import { loadNotifierEnv } from '../../notifier/src';
import { loadTicketsEnv } from '../../tickets/src';

/** Variables of the all-in-one runtime on top of each app's own (see apps/ingest/src/config.ts). */
export const platformEnv = {
  /** embedded broker port, used when MQTT_URL is unset */
  MQTT_PORT: env.port({ default: 1883 }),
  MQTT_HOST: env.string({ default: '0.0.0.0' }),
};

export type PlatformEnv = ConfigOf<typeof platformEnv>;

/**
 * Where the all-in-one's defaults differ from the separate processes' (an explicit variable still wins).
 * Telemetry is acknowledged to the broker once everything downstream is durable, the detector's
 * checkpoint included, so checkpoints bound how long a message waits:
 * - CHECKPOINT_INTERVAL 15 s: every checkpoint serializes each model changed since the last one (~3.4 KiB
 *   a series); in one process that CPU is taken from ingest and the ticket transactions (2 s there took
 *   half the platform's CPU at 2,200 series).
 * - MQTT_RECEIVE_MAXIMUM 65,535: room for an interval's worth of telemetry messages waiting for it.
 */
export const ALL_IN_ONE_DEFAULTS: Readonly<Record<string, string>> = {
  CHECKPOINT_INTERVAL: '15s',
  MQTT_RECEIVE_MAXIMUM: '65535',
};

/** Every app's environment, parsed together so a bad setup reports all of its problems at once. */
export function loadAllEnv(environment: Record<string, string | undefined> = process.env) {
  const source = { ...ALL_IN_ONE_DEFAULTS, ...environment };
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const platform = attempt(() => loadConfig(platformEnv, source));
  const ingest = attempt(() => loadIngestEnv(source));
  const detector = attempt(() => loadDetectorEnv(source));
  const tickets = attempt(() => loadTicketsEnv(source));
  const notifier = attempt(() => loadNotifierEnv(source));
  const access = attempt(() => loadAccessEnv(source));
  if (!platform || !ingest || !detector || !tickets || !notifier || !access)
    throw new ConfigError([...new Set(problems)]);
  return { platform, ingest, detector, tickets, notifier, access };
}
