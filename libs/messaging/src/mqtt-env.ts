import { type ConfigOf, env } from '@preempt/config';

import type { MqttChannelOptions } from './mqtt.channel';

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The MQTT connection variables every app reads, with its own defaults (client id, flow-control window,
 * competing-consumer group or none).
 *
 * @example const ingestEnv = { ...mqttEnv({ clientId: 'preempt-ingest', receiveMaximum: 2000, sharedGroup: 'ingest' }) };
 */
export function mqttEnv(defaults: { clientId: string; receiveMaximum: number; sharedGroup?: string }) {
  return {
    MQTT_URL: env.url({ optional: true, protocols: ['mqtt', 'mqtts', 'tcp', 'ssl', 'ws', 'wss'] }),
    MQTT_CLIENT_ID: env.string({ default: defaults.clientId, pattern: NAME }),
    MQTT_USERNAME: env.string({ optional: true }),
    MQTT_PASSWORD: env.string({ optional: true, secret: true }),
    MQTT_PROTOCOL_VERSION: env.oneOf(['4', '5'] as const, { default: '5' }),
    MQTT_SHARED_GROUP: env.string({
      default: defaults.sharedGroup ?? 'none',
      pattern: /^([A-Za-z0-9_.-]{1,64}|none)$/,
    }),
    MQTT_RECEIVE_MAXIMUM: env.int({ default: defaults.receiveMaximum, min: 1, max: 65535 }),
    MQTT_SESSION_EXPIRY: env.duration({ default: 7 * 86_400_000, min: 1000 }),
  };
}

export type MqttEnv = ConfigOf<ReturnType<typeof mqttEnv>>;

/** Problems spanning several MQTT variables (added to the app's ConfigError). */
export function mqttEnvProblems(values: MqttEnv): string[] {
  return values.MQTT_PASSWORD && !values.MQTT_USERNAME ? ['MQTT_PASSWORD is set without MQTT_USERNAME'] : [];
}

/**
 * The MqttChannel options from those variables (the broker URL defaults to the local 1883). Shared
 * subscriptions need MQTT 5; `overrides` win (the all-in-one's embedded 3.1.1 broker has none).
 */
export function toMqttOptions(
  values: MqttEnv,
  overrides: Partial<MqttChannelOptions> = {},
): MqttChannelOptions {
  const protocolVersion = values.MQTT_PROTOCOL_VERSION === '5' ? 5 : 4;
  return {
    url: values.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    clientId: values.MQTT_CLIENT_ID,
    username: values.MQTT_USERNAME,
    password: values.MQTT_PASSWORD,
    protocolVersion,
    receiveMaximum: values.MQTT_RECEIVE_MAXIMUM,
    sessionExpirySeconds: Math.round(values.MQTT_SESSION_EXPIRY / 1000),
    sharedSubscriptions: protocolVersion === 5,
    ...overrides,
  };
}

/** The app's competing-consumer group (MQTT_SHARED_GROUP), undefined for `none`. */
export function consumerGroup(values: MqttEnv): string | undefined {
  return values.MQTT_SHARED_GROUP === 'none' ? undefined : values.MQTT_SHARED_GROUP;
}
