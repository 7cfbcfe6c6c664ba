import { parseRfc3339 } from '@preempt/contracts';

import { InvalidRequestError } from './domain.error';

/** A query parameter given at most once (a repeated one arrives as an array: 400 naming it). */
export function singleParam(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new InvalidRequestError(`query parameter "${name}" must be given once`, name);
  return value;
}

/**
 * An instant in a query parameter: RFC 3339 / ISO 8601 with a time zone, or epoch milliseconds; undefined when
 * absent or empty, 400 naming the parameter otherwise.
 * @example parseInstant('2026-11-23T10:00:00Z', 'from') // 1795428000000
 */
export function parseInstant(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (/^-?\d{1,16}$/.test(raw)) return Number(raw);
  const ms = parseRfc3339(raw);
  if (ms === null) {
    throw new InvalidRequestError(
      `"${name}" must be an RFC 3339 time with a zone (e.g. 2026-11-23T10:00:00Z) or epoch milliseconds, got "${raw.slice(0, 64)}"`,
      name,
    );
  }
  return ms;
}
