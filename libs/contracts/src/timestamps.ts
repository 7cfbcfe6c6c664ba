import type { TelemetryLimits } from './limits';
import { reject } from './rejection-signal';

// RFC 3339 date-time: the time zone is mandatory (Z or ±hh:mm); a space may replace the T (RFC 3339 §5.6 note).
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 date-time into epoch milliseconds, or returns null (bad syntax, no time zone,
 * impossible date). Fractions finer than a millisecond are truncated.
 * @example parseRfc3339('2026-01-05T10:00:00.5+01:00') // 1767603600500
 */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null; // 60: leap second, rolls over like Date does
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMin = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years 0..99 literal, Date.UTC does not
  utc.setUTCHours(hour, minute, second, millis);
  return utc.getTime() - offsetMin * 60_000;
}

/**
 * Converts a line-protocol timestamp to epoch ms, guessing its precision from its magnitude:
 * >= 1e17 nanoseconds, >= 1e14 microseconds, >= 1e11 milliseconds, otherwise seconds.
 * (1e11 ms is March 1973, 1e11 s is year 5138, so current times are unambiguous.)
 * @example lineProtocolTimestampToMs(1767607200000000000) // 1767607200000
 * @example lineProtocolTimestampToMs(1767607200)          // 1767607200000
 */
export function lineProtocolTimestampToMs(raw: number | string): number {
  const value = typeof raw === 'string' ? Number(raw) : raw;
  const magnitude = Math.abs(value);
  // Nanoseconds and microseconds exceed 2^53: from the digits, dropping the sub-millisecond ones exactly
  // (as a double, 1795456018090000000 ns is ...089999872 and would truncate to the wrong millisecond).
  if (magnitude >= 1e17) return typeof raw === 'string' ? truncateDigits(raw, 6) : Math.trunc(value / 1e6);
  if (magnitude >= 1e14) return typeof raw === 'string' ? truncateDigits(raw, 3) : Math.trunc(value / 1e3);
  if (magnitude >= 1e11) return value;
  return value * 1000;
}

/** An integer given as decimal digits, divided by 10^digits and truncated toward zero. */
function truncateDigits(text: string, digits: number): number {
  return Number(text.slice(0, text.length - digits));
}

/** ISO 8601 text for a detail; never throws, even for times outside the Date range. */
export function toIso(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `${ms} ms`;
  return new Date(ms).toISOString();
}

/** Rejects a sample time outside [receivedAt - maxAgeMs, receivedAt + maxFutureSkewMs]. */
export function assertTimeWindow(
  ts: number,
  receivedAt: number,
  limits: TelemetryLimits,
  where: string,
  epochMsInput = false,
): void {
  if (ts > receivedAt + limits.maxFutureSkewMs) {
    reject(
      'timestamp_in_future',
      `${where}: time ${toIso(ts)} is more than ${limits.maxFutureSkewMs} ms after reception at ${toIso(receivedAt)}`,
    );
  }
  if (ts < receivedAt - limits.maxAgeMs) {
    // A device sending epoch seconds where ms are expected lands in 1970: say so.
    const hint =
      epochMsInput && ts > 0 && ts < 1e11 ? ' (epoch milliseconds expected; this looks like seconds)' : '';
    reject(
      'timestamp_too_old',
      `${where}: time ${toIso(ts)} is more than ${limits.maxAgeMs} ms before reception at ${toIso(receivedAt)}${hint}`,
    );
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
