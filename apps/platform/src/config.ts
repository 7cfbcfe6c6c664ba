import { ConfigOf, env, loadConfig } from '@preempt/config';

/** Variables of the all-in-one runtime on top of each app's own (see apps/ingest/src/config.ts). */
export const platformEnv = {
  /** embedded broker port, used when MQTT_URL is unset */
  MQTT_PORT: env.port({ default: 1883 }),
  MQTT_HOST: env.string({ default: '0.0.0.0' }),
};

export type PlatformEnv = ConfigOf<typeof platformEnv>;

export function loadPlatformEnv(source: Record<string, string | undefined> = process.env): PlatformEnv {
  return loadConfig(platformEnv, source);
}
