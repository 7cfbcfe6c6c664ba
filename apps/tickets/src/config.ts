import { ConfigError, ConfigOf, env, loadConfig } from '@preempt/config';
import {
  consumerGroup,
  type MqttChannelOptions,
  mqttEnv,
  mqttEnvProblems,
  toMqttOptions,
} from '@preempt/messaging';
import { databaseEnv, type DatabaseOptions, toDatabaseOptions } from '@preempt/storage';

import {
  ANOMALY_OPENS,
  type CorrelationConfig,
  DEFAULT_CORRELATION_CONFIG as D,
} from './correlation/correlation.config';
import {
  DEFAULT_ESCALATION_POLICIES,
  type EscalationPolicy,
  loadEscalationPolicies,
} from './escalation/escalation-policy';

/** Every variable the tickets app reads (README "Configuration" lists them). */
export const ticketsEnv = {
  ...mqttEnv({ clientId: 'preempt-tickets', receiveMaximum: 200, sharedGroup: 'tickets' }),
  HTTP_HOST: env.string({ default: '0.0.0.0' }),
  HTTP_PORT: env.port({ default: 8082 }),
  ...databaseEnv,
  TICKET_FORECAST_MIN_COUNT: env.int({ default: D.forecastMinCount, min: 1, max: 1000 }),
  TICKET_FORECAST_MIN_SPAN: env.duration({ default: D.forecastMinSpanMs }),
  TICKET_FORECAST_MAX_SPAN: env.duration({ default: D.forecastMaxSpanMs }),
  // a forecast must hold for this share (percent) of its time to the predicted breach (within the spans)
  TICKET_FORECAST_SPAN_PERCENT: env.int({ default: Math.round(D.forecastSpanShare * 100), min: 0, max: 100 }),
  TICKET_FORECAST_MAX_GAP: env.duration({ default: D.forecastMaxGapMs, min: 1000 }),
  TICKET_FORECAST_WINDOW: env.duration({ default: D.forecastWindowMs, min: 1000 }),
  TICKET_ANOMALY_MIN_COUNT: env.int({ default: D.anomalyMinCount, min: 1, max: 1000 }),
  TICKET_ANOMALY_WINDOW: env.duration({ default: D.anomalyWindowMs, min: 1000 }),
  TICKET_ANOMALY_MIN_SPAN: env.duration({ default: D.anomalyMinSpanMs }),
  TICKET_ANOMALY_OPENS: env.oneOf(ANOMALY_OPENS, { default: D.anomalyOpens }),
  TICKET_GROUP_WINDOW: env.duration({ default: D.groupWindowMs }),
  TICKET_RESOLVE_HOLD: env.duration({ default: D.resolveHoldMs }),
  TICKET_SILENCE_RESOLVE: env.duration({ default: D.silenceResolveMs, min: 60_000 }),
  TICKET_REOPEN_WINDOW: env.duration({ default: D.reopenWindowMs, min: 0 }),
  TICKET_CRITICAL_WITHIN: env.duration({ default: D.criticalWithinMs }),
  TICKET_MAJOR_WITHIN: env.duration({ default: D.majorWithinMs }),
  TICKET_MAJOR_SCORE_PERCENT: env.int({ default: Math.round(D.majorScore * 100), min: 0, max: 100 }),
  EVENT_ID_RETENTION: env.duration({ default: 7 * 86_400_000, min: 60_000 }),
  TICKET_EVENTS_RETENTION: env.duration({ default: 86_400_000, min: 1000 }),
  AUTO_RESOLVE_SWEEP_INTERVAL: env.duration({ default: 5000, min: 100 }),
  ESCALATION_POLICY_FILE: env.string({ optional: true }),
  // an acknowledgement with no comment, assignment or other human action for this long expires (0: never)
  ACK_EXPIRY: env.duration({ default: 4 * 3_600_000, min: 0 }),
  // tenants whose silent devices (without a ticket) get a device_silent ticket: *, none, or a list
  DEVICE_SILENT_TICKETS: env.string({
    default: '*',
    pattern: /^(\*|none|[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*)$/,
  }),
  FEEDBACK_TTL: env.duration({ default: 7 * 86_400_000, min: 60_000 }),
  SUPPRESSED_EVIDENCE_RETENTION: env.duration({ default: 30 * 86_400_000, min: 60_000 }),
  // how often the outbox relay publishes lifecycle events on the app channel (0: never; it also runs after each change)
  TICKET_EVENTS_RELAY_INTERVAL: env.duration({ default: 1000, min: 0 }),
  SHUTDOWN_TIMEOUT: env.duration({ default: 10_000, min: 100 }),
  LOG_LEVEL: env.oneOf(['error', 'warn', 'log', 'debug', 'verbose'] as const, { default: 'log' }),
};

export type TicketsEnv = ConfigOf<typeof ticketsEnv>;

/** What the tickets module needs, derived once from the environment. */
export interface TicketsConfig {
  mqtt: MqttChannelOptions;
  /** competing-consumer group of the detection-event subscription (MQTT_SHARED_GROUP; undefined = none) */
  consumerGroup?: string;
  http: { host: string; port: number };
  /** PostgreSQL when `url` is set, else PGlite under `<dataDir>/pglite` (':memory:' for tests) */
  database: DatabaseOptions;
  correlation: CorrelationConfig;
  /** how long applied event ids are remembered (wall clock) for idempotency */
  eventIdRetentionMs: number;
  /** how long lifecycle events stay in `ticket_events` (wall clock): how far back a stream can resume */
  ticketEventsRetentionMs: number;
  /**
   * how often the background sweep runs (wall clock): auto-resolution of quiet devices (the rule is event
   * time), escalations, acknowledgement expiry, ended maintenance windows and silences
   */
  sweepIntervalMs: number;
  /** outbox relay period (0: the relay is off) */
  relayIntervalMs: number;
  noc: NocConfig;
  shutdownTimeoutMs: number;
}

/** NOC operations (README "NOC operations"). */
export interface NocConfig {
  escalationPolicies: readonly EscalationPolicy[];
  /** 0: acknowledgements never expire */
  ackExpiryMs: number;
  /** which tenants get a device_silent ticket for a silent device without a ticket */
  silentDeviceTickets: '*' | 'none' | readonly string[];
  feedbackTtlMs: number;
  suppressedRetentionMs: number;
}

export function loadTicketsEnv(source: Record<string, string | undefined> = process.env): TicketsEnv {
  const values = loadConfig(ticketsEnv, source);
  const problems: string[] = [];
  if (values.TICKET_CRITICAL_WITHIN > values.TICKET_MAJOR_WITHIN)
    problems.push('TICKET_CRITICAL_WITHIN must not exceed TICKET_MAJOR_WITHIN');
  if (values.TICKET_FORECAST_MIN_SPAN > values.TICKET_FORECAST_MAX_SPAN)
    problems.push('TICKET_FORECAST_MIN_SPAN must not exceed TICKET_FORECAST_MAX_SPAN');
  if (values.TICKET_FORECAST_MAX_SPAN > values.TICKET_FORECAST_WINDOW)
    problems.push('TICKET_FORECAST_MAX_SPAN must not exceed TICKET_FORECAST_WINDOW');
  if (values.TICKET_ANOMALY_MIN_SPAN > values.TICKET_ANOMALY_WINDOW)
    problems.push('TICKET_ANOMALY_MIN_SPAN must not exceed TICKET_ANOMALY_WINDOW');
  problems.push(...mqttEnvProblems(values));
  if (problems.length > 0) throw new ConfigError(problems);
  return values;
}

/** Builds the module config. */
export function toTicketsConfig(values: TicketsEnv): TicketsConfig {
  return {
    mqtt: toMqttOptions(values),
    consumerGroup: consumerGroup(values),
    http: { host: values.HTTP_HOST, port: values.HTTP_PORT },
    database: toDatabaseOptions(values),
    correlation: {
      ...D,
      forecastMinCount: values.TICKET_FORECAST_MIN_COUNT,
      forecastMinSpanMs: values.TICKET_FORECAST_MIN_SPAN,
      forecastMaxSpanMs: values.TICKET_FORECAST_MAX_SPAN,
      forecastSpanShare: values.TICKET_FORECAST_SPAN_PERCENT / 100,
      forecastMaxGapMs: values.TICKET_FORECAST_MAX_GAP,
      forecastWindowMs: values.TICKET_FORECAST_WINDOW,
      anomalyMinCount: values.TICKET_ANOMALY_MIN_COUNT,
      anomalyWindowMs: values.TICKET_ANOMALY_WINDOW,
      anomalyMinSpanMs: values.TICKET_ANOMALY_MIN_SPAN,
      anomalyOpens: values.TICKET_ANOMALY_OPENS,
      groupWindowMs: values.TICKET_GROUP_WINDOW,
      resolveHoldMs: values.TICKET_RESOLVE_HOLD,
      silenceResolveMs: values.TICKET_SILENCE_RESOLVE,
      reopenWindowMs: values.TICKET_REOPEN_WINDOW,
      criticalWithinMs: values.TICKET_CRITICAL_WITHIN,
      majorWithinMs: values.TICKET_MAJOR_WITHIN,
      majorScore: values.TICKET_MAJOR_SCORE_PERCENT / 100,
    },
    eventIdRetentionMs: values.EVENT_ID_RETENTION,
    ticketEventsRetentionMs: values.TICKET_EVENTS_RETENTION,
    sweepIntervalMs: values.AUTO_RESOLVE_SWEEP_INTERVAL,
    relayIntervalMs: values.TICKET_EVENTS_RELAY_INTERVAL,
    noc: {
      escalationPolicies: values.ESCALATION_POLICY_FILE
        ? loadEscalationPolicies(values.ESCALATION_POLICY_FILE)
        : DEFAULT_ESCALATION_POLICIES,
      ackExpiryMs: values.ACK_EXPIRY,
      silentDeviceTickets:
        values.DEVICE_SILENT_TICKETS === '*' || values.DEVICE_SILENT_TICKETS === 'none'
          ? values.DEVICE_SILENT_TICKETS
          : values.DEVICE_SILENT_TICKETS.split(','),
      feedbackTtlMs: values.FEEDBACK_TTL,
      suppressedRetentionMs: values.SUPPRESSED_EVIDENCE_RETENTION,
    },
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT,
  };
}
