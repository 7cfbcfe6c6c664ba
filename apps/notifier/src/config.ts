import { ConfigError, ConfigOf, env, loadConfig } from '@preempt/config';
import {
  consumerGroup,
  type MqttChannelOptions,
  mqttEnv,
  mqttEnvProblems,
  toMqttOptions,
} from '@preempt/messaging';
import { databaseEnv, type DatabaseOptions, toDatabaseOptions } from '@preempt/storage';

/** The public Events v2 endpoint (PAGERDUTY_URL overrides it, e.g. for tests). */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** Every variable the notifier reads (README "Configuration" lists them). */
export const notifierEnv = {
  ...mqttEnv({ clientId: 'preempt-notifier', receiveMaximum: 200, sharedGroup: 'notifier' }),
  HTTP_HOST: env.string({ default: '0.0.0.0' }),
  HTTP_PORT: env.port({ default: 8083 }),
  ...databaseEnv,
  /** where customers reach the notifier (one-click unsubscribe links) */
  PUBLIC_URL: env.url({ default: 'http://localhost:8080', protocols: ['http', 'https'] }),
  /** SMTP server for e-mail notices: smtp://user:pass@host:587 or smtps://...; unset: no e-mail channel */
  SMTP_URL: env.url({ optional: true, protocols: ['smtp', 'smtps'], secret: true }),
  SMTP_FROM: env.string({ default: 'Preempt notices <notices@localhost>' }),
  /** signs one-click unsubscribe tokens; unset: a random key kept in the database */
  UNSUBSCRIBE_SECRET: env.string({ optional: true, secret: true, pattern: /^.{32,}$/ }),
  PAGERDUTY_URL: env.url({ default: PAGERDUTY_EVENTS_URL, protocols: ['http', 'https'] }),
  /** webhook and PagerDuty URLs on loopback, private and link-local addresses (true: local receivers work) */
  WEBHOOK_ALLOW_PRIVATE: env.bool({ default: true }),
  DELIVERY_POLL_INTERVAL: env.duration({ default: 1000, min: 10 }),
  DELIVERY_TIMEOUT: env.duration({ default: 10_000, min: 100 }),
  DELIVERY_BACKOFF_INITIAL: env.duration({ default: 5000, min: 10 }),
  DELIVERY_BACKOFF_MAX: env.duration({ default: 3_600_000, min: 10 }),
  /** a delivery still failing this long after its first attempt fails for good and disables its subscription */
  DELIVERY_RETRY_HORIZON: env.duration({ default: 24 * 3_600_000, min: 10 }),
  /** a delivery in flight longer than this (the process died mid-send) is sent again, same delivery id */
  DELIVERY_LEASE: env.duration({ default: 60_000, min: 200 }),
  /** per subscription: notices beyond DIGEST_THRESHOLD within DIGEST_WINDOW become one digest */
  DIGEST_WINDOW: env.duration({ default: 60_000, min: 100 }),
  DIGEST_THRESHOLD: env.int({ default: 5, min: 1, max: 1000 }),
  /** maintenance reminders before the start, comma list of durations */
  MAINTENANCE_REMINDERS: env.string({ default: '24h,1h', pattern: /^\d+(ms|s|m|h|d)(,\d+(ms|s|m|h|d))*$/ }),
  /** notices settled (delivered, failed, digested, cancelled) this long ago are deleted with their attempts */
  NOTICE_RETENTION: env.duration({ default: 30 * 86_400_000, min: 60_000 }),
  SHUTDOWN_TIMEOUT: env.duration({ default: 10_000, min: 100 }),
  LOG_LEVEL: env.oneOf(['error', 'warn', 'log', 'debug', 'verbose'] as const, { default: 'log' }),
};

export type NotifierEnv = ConfigOf<typeof notifierEnv>;

/** What the notifier module needs, derived once from the environment. */
export interface NotifierConfig {
  mqtt: MqttChannelOptions;
  /** competing-consumer group of the lifecycle subscription (MQTT_SHARED_GROUP; undefined = none) */
  consumerGroup?: string;
  http: { host: string; port: number };
  database: DatabaseOptions;
  publicUrl: string;
  smtp: { url: string; from: string } | null;
  unsubscribeSecret?: string;
  pagerDutyUrl: string;
  allowPrivateTargets: boolean;
  delivery: {
    pollIntervalMs: number;
    timeoutMs: number;
    backoffInitialMs: number;
    backoffMaxMs: number;
    retryHorizonMs: number;
    leaseMs: number;
  };
  digest: { windowMs: number; threshold: number };
  /** before a maintenance start, largest first */
  remindersMs: readonly number[];
  noticeRetentionMs: number;
  shutdownTimeoutMs: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseDurations(list: string): number[] {
  return list
    .split(',')
    .map((item) => {
      const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(item)!;
      return Number(amount) * UNIT_MS[unit];
    })
    .sort((a, b) => b - a);
}

export function loadNotifierEnv(source: Record<string, string | undefined> = process.env): NotifierEnv {
  const values = loadConfig(notifierEnv, source);
  const problems: string[] = [];
  if (values.DELIVERY_BACKOFF_INITIAL > values.DELIVERY_BACKOFF_MAX)
    problems.push('DELIVERY_BACKOFF_INITIAL must not exceed DELIVERY_BACKOFF_MAX');
  // a delivery still being sent must not be taken for one whose process died
  if (values.DELIVERY_LEASE <= values.DELIVERY_TIMEOUT)
    problems.push('DELIVERY_LEASE must exceed DELIVERY_TIMEOUT');
  problems.push(...mqttEnvProblems(values));
  if (problems.length > 0) throw new ConfigError(problems);
  return values;
}

export function toNotifierConfig(values: NotifierEnv): NotifierConfig {
  return {
    mqtt: toMqttOptions(values),
    consumerGroup: consumerGroup(values),
    http: { host: values.HTTP_HOST, port: values.HTTP_PORT },
    database: toDatabaseOptions(values),
    publicUrl: values.PUBLIC_URL.replace(/\/+$/, ''),
    smtp: values.SMTP_URL ? { url: values.SMTP_URL, from: values.SMTP_FROM } : null,
    unsubscribeSecret: values.UNSUBSCRIBE_SECRET,
    pagerDutyUrl: values.PAGERDUTY_URL,
    allowPrivateTargets: values.WEBHOOK_ALLOW_PRIVATE,
    delivery: {
      pollIntervalMs: values.DELIVERY_POLL_INTERVAL,
      timeoutMs: values.DELIVERY_TIMEOUT,
      backoffInitialMs: values.DELIVERY_BACKOFF_INITIAL,
      backoffMaxMs: values.DELIVERY_BACKOFF_MAX,
      retryHorizonMs: values.DELIVERY_RETRY_HORIZON,
      leaseMs: values.DELIVERY_LEASE,
    },
    digest: { windowMs: values.DIGEST_WINDOW, threshold: values.DIGEST_THRESHOLD },
    remindersMs: parseDurations(values.MAINTENANCE_REMINDERS),
    noticeRetentionMs: values.NOTICE_RETENTION,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT,
  };
}
