import type { Severity, TicketStatus } from './api/api-types.generated';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration from now, as people say it.
 * @example fromNow(Date.now() + 3 * 3600_000 + 20 * 60_000, Date.now()) // 'in 3 h 20 min'
 */
export function fromNow(at: number, now: number): string {
  const delta = at - now;
  const span = Math.abs(delta);
  if (span < MINUTE) return delta >= 0 ? 'in less than a minute' : 'less than a minute ago';
  const text = spanText(span);
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

/**
 * A span of time, as people say it.
 * @example spanText(45_000) // '45 s'; spanText(200 * 60_000) // '3 h 20 min'; spanText(36 * 3600_000) // '1.5 d'
 */
export function spanText(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.round((ms - hours * HOUR) / MINUTE);
    return minutes > 0 && hours < 10 ? `${hours} h ${minutes} min` : `${Math.round(ms / HOUR)} h`;
  }
  return `${(ms / DAY).toFixed(1).replace(/\.0$/, '')} d`;
}

/**
 * A measured value for people: at most 2 decimals, as many as needed.
 * @example num(80.32156513386614) // '80.32'
 */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** A date and time in the viewer's locale and time zone. */
export function dateTime(at: number | string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `overheating` -> `Overheating`, `fan_failure` -> `Fan failure`. */
export function failureModeLabel(failureMode: string): string {
  const words = failureMode.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  major: 'Major',
  minor: 'Minor',
};
export const STATUS_LABEL: Record<TicketStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

/** What a customer reads about a ticket of theirs: no internal jargon. */
export function plainStatus(status: TicketStatus, assignee: string | null): string {
  switch (status) {
    case 'open':
      return 'Our network operations team has been alerted.';
    case 'acknowledged':
      return assignee ? `An engineer (${assignee}) is working on it.` : 'An engineer is working on it.';
    case 'resolved':
      return 'Resolved.';
  }
}

/** A customer-facing sentence about a predicted problem. */
export function plainForecast(
  failureMode: string,
  device: string,
  predictedBreachAt: string | null,
  now: number,
): string {
  const problem = failureModeLabel(failureMode).toLowerCase();
  if (predictedBreachAt === null) return `We noticed unusual behaviour on ${device} (${problem}).`;
  const at = Date.parse(predictedBreachAt);
  return at > now
    ? `${device} is likely to reach a critical ${problem} level ${fromNow(at, now)} (around ${dateTime(at)}), unless it is fixed first.`
    : `${device} reached a critical ${problem} level ${fromNow(at, now)}.`;
}
