import { ConfigError, type ConfigOf, env, loadConfig } from '@preempt/config';

import { isWellFormedKey } from './api-key';

/** The access-control variables (every process that serves the API or /metrics reads them). */
export const accessEnv = {
  /** provisions this admin key at start, idempotently (scripts, containers) */
  ADMIN_API_KEY: env.string({ optional: true, secret: true }),
  METRICS_REQUIRE_KEY: env.bool({ default: false }),
  AUTH_MAX_FAILURES: env.int({ default: 10, min: 1, max: 10_000 }),
  AUTH_FAILURE_WINDOW: env.duration({ default: 60_000, min: 1000 }),
};

export type AccessEnv = ConfigOf<typeof accessEnv>;

export interface AccessConfig {
  adminApiKey?: string;
  metricsRequireKey: boolean;
  /** failed authentications per client address within `failureWindowMs` before 429 */
  maxFailures: number;
  failureWindowMs: number;
}

export function loadAccessEnv(source: Record<string, string | undefined> = process.env): AccessEnv {
  const values = loadConfig(accessEnv, source);
  if (values.ADMIN_API_KEY !== undefined && !isWellFormedKey(values.ADMIN_API_KEY))
    throw new ConfigError(['ADMIN_API_KEY must be 32 to 256 characters of A-Z, a-z, 0-9, "_" and "-"']);
  return values;
}

export function toAccessConfig(values: AccessEnv): AccessConfig {
  return {
    adminApiKey: values.ADMIN_API_KEY,
    metricsRequireKey: values.METRICS_REQUIRE_KEY,
    maxFailures: values.AUTH_MAX_FAILURES,
    failureWindowMs: values.AUTH_FAILURE_WINDOW,
  };
}
