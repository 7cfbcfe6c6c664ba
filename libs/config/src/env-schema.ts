/**
 * A tiny, typed environment-variable schema. Each app declares the variables it reads once; `loadConfig`
 * parses them all and fails with the complete list of bad variables (not just the first).
 *
 * @example
 * const schema = { HTTP_PORT: env.port({ default: 8080 }), INFLUX_URL: env.url({ optional: true }) };
 * const config = loadConfig(schema); // { HTTP_PORT: number; INFLUX_URL: string | undefined }
 */
export interface EnvVar<T> {
  readonly description: string;
  readonly secret: boolean;
  /** Parses a raw value; throws an Error whose message says what is wrong with it. */
  parse(raw: string | undefined): T;
}

export type EnvSchema = Record<string, EnvVar<unknown>>;
export type ConfigOf<S extends EnvSchema> = {
  readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never;
};

interface Common<T> {
  default?: T;
  optional?: boolean;
  description?: string;
  secret?: boolean;
}

type Result<T, O> = O extends { default: unknown } ? T : O extends { optional: true } ? T | undefined : T;

function variable<T, O extends Common<T>>(options: O, parseValue: (raw: string) => T): EnvVar<Result<T, O>> {
  return {
    description: options.description ?? '',
    secret: options.secret ?? false,
    parse(raw) {
      if (raw === undefined || raw.trim() === '') {
        if (options.default !== undefined) return options.default as Result<T, O>;
        if (options.optional) return undefined as Result<T, O>;
        throw new Error('is required');
      }
      return parseValue(raw.trim()) as Result<T, O>;
    },
  };
}

function integer(raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw new Error(`must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new Error(`must be between ${min} and ${max}, got ${value}`);
  return value;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "500ms", "30s", "5m", "12h", "30d" or a bare number of milliseconds. */
export function parseDuration(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(raw);
  if (!match) throw new Error(`must be a duration like 500ms, 30s, 5m, 12h or 30d, got "${raw}"`);
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms']);
}

export const env = {
  string<O extends Common<string> & { pattern?: RegExp }>(options: O = {} as O) {
    return variable<string, O>(options, (raw) => {
      if (options.pattern && !options.pattern.test(raw)) {
        throw new Error(`must match ${String(options.pattern)}, got "${options.secret ? '***' : raw}"`);
      }
      return raw;
    });
  },
  int<O extends Common<number> & { min?: number; max?: number }>(options: O = {} as O) {
    return variable<number, O>(options, (raw) =>
      integer(raw, options.min ?? Number.MIN_SAFE_INTEGER, options.max ?? Number.MAX_SAFE_INTEGER),
    );
  },
  port<O extends Common<number>>(options: O = {} as O) {
    return variable<number, O>(options, (raw) => integer(raw, 0, 65535));
  },
  bool<O extends Common<boolean>>(options: O = {} as O) {
    return variable<boolean, O>(options, (raw) => {
      const lower = raw.toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
      if (['0', 'false', 'no', 'off'].includes(lower)) return false;
      throw new Error(`must be true or false, got "${raw}"`);
    });
  },
  duration<O extends Common<number> & { min?: number }>(options: O = {} as O) {
    return variable<number, O>(options, (raw) => {
      const ms = parseDuration(raw);
      if (options.min !== undefined && ms < options.min)
        throw new Error(`must be at least ${options.min} ms`);
      return ms;
    });
  },
  url<O extends Common<string> & { protocols?: string[] }>(options: O = {} as O) {
    return variable<string, O>(options, (raw) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new Error(`must be a URL, got "${raw}"`);
      }
      if (options.protocols && !options.protocols.includes(url.protocol.replace(/:$/, ''))) {
        throw new Error(`must use ${options.protocols.join(' or ')}, got "${url.protocol}"`);
      }
      return raw.replace(/\/+$/, '');
    });
  },
  oneOf<V extends string, O extends Common<V>>(values: readonly V[], options: O = {} as O) {
    return variable<V, O>(options, (raw) => {
      if (!(values as readonly string[]).includes(raw)) {
        throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
      }
      return raw as V;
    });
  },
};
