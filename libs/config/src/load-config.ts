import { ConfigOf, EnvSchema } from './env-schema';

/** Thrown at boot when one or more environment variables are invalid; lists every one of them. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses every variable of `schema` from `source` (process.env by default).
 *
 * @example
 * loadConfig({ HTTP_PORT: env.port({ default: 8080 }) }, { HTTP_PORT: '9000' }); // { HTTP_PORT: 9000 }
 */
export function loadConfig<S extends EnvSchema>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): ConfigOf<S> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(schema)) {
    try {
      result[name] = variable.parse(source[name]);
    } catch (error) {
      problems.push(`${name} ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result as ConfigOf<S>;
}

/** A log-safe summary: secrets are masked, unset values omitted. */
export function describeConfig<S extends EnvSchema>(schema: S, config: ConfigOf<S>): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(schema)) {
    const value = (config as Record<string, unknown>)[name];
    if (value === undefined) continue;
    summary[name] = variable.secret ? '***' : redactUrl(value);
  }
  return summary;
}

function redactUrl(value: unknown): unknown {
  if (typeof value !== 'string' || !value.includes('://') || !value.includes('@')) return value;
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString().replace(/\/$/, '');
  } catch {
    return value;
  }
}
