// The command line of the NOC operations (issue 10): maintenance windows and silences, checked before any
// request; the schedule by the server's own rules (parseSchedule from @preempt/contracts).
import { MAX_WINDOW_MINUTES, parseRfc3339, parseSchedule, type ScheduleField } from '@preempt/contracts';

import type { Command, SilenceFields, WindowFields } from './cli-commands';
import { UsageError } from './cli-errors';

/** The longest silence the API takes: 366 days. */
const MAX_SILENCE_MINUTES = 366 * 1440;

/** parseArgs' values: a string, strings for a repeatable flag, true for a switch. */
export type Values = Record<string, string | string[] | boolean | undefined>;

type Text = (flag: string) => string | undefined;

const SCHEDULE_FLAGS: Record<ScheduleField, string> = {
  start: '--start',
  durationMinutes: '--duration',
  timeZone: '--tz',
  rrule: '--rrule',
};

/** The flags of windows create (tenant, start, duration, tz and comment required) and windows update. */
export function windowCommand(
  name: 'windows create' | 'windows update',
  values: Values,
  rest: string[],
  usage: string,
  text: Text,
): Extract<Command, { name: 'windows create' | 'windows update' }> {
  const devices = values.device as string[] | undefined;
  if (devices?.some((device) => device.trim() === ''))
    throw new UsageError('--device must not be empty', usage);
  const duration = text('duration');
  const durationMinutes = duration === undefined ? undefined : parseDuration(duration, '--duration', usage);
  const rrule = text('rrule');
  const window: WindowFields = {
    devices,
    site: text('site'),
    start: text('start'),
    durationMinutes,
    timeZone: text('tz'),
    rrule: rrule?.toLowerCase() === 'none' ? null : rrule,
    comment: text('comment'),
  };
  if (name === 'windows update') {
    if (Object.values(window).every((value) => value === undefined))
      throw new UsageError('nothing to change: give at least one flag', usage);
    checkScheduleFlags(window, usage);
    return { name, id: rest[0], window };
  }
  for (const [flag, value] of [
    ['tenant', text('tenant')],
    ['start', window.start],
    ['duration', duration],
    ['tz', window.timeZone],
    ['comment', window.comment],
  ] as const)
    if (value === undefined) throw new UsageError(`missing --${flag}`, usage);
  checkScheduleFlags(window, usage);
  return { name, window: { tenant: text('tenant')!, ...window } };
}

/**
 * The schedule flags, checked by the server's own rules (parseSchedule, @preempt/contracts). An update may
 * give some only: each is checked alone, against placeholders for the others, and what depends on the
 * window's real start (an RRULE that never matches it, overlapping occurrences) is left to the server.
 */
function checkScheduleFlags(window: WindowFields, usage: string): void {
  const { start, durationMinutes, timeZone, rrule } = window;
  const complete = start !== undefined && durationMinutes !== undefined && timeZone !== undefined;
  const result = parseSchedule({
    start: start ?? '2000-01-03T00:00',
    durationMinutes: durationMinutes ?? 1,
    timeZone: timeZone ?? 'UTC',
    rrule,
  });
  if (result.ok) return;
  if (!complete && result.field === 'rrule' && /never|no occurrence|match no day|overlap/.test(result.reason))
    return;
  throw new UsageError(`${SCHEDULE_FLAGS[result.field]}: ${result.reason}`, usage);
}

/** silences create: --tenant and --comment, and exactly one of --until TIME, --for DURATION, --until-resolved. */
export function silenceFields(
  values: Values,
  usage: string,
  now: number,
  text: Text,
  required: (flag: string) => string,
): SilenceFields {
  const tenant = required('tenant');
  const comment = required('comment');
  const until = text('until');
  const forText = text('for');
  const untilResolved = values['until-resolved'] === true;
  const ends = [
    until === undefined ? [] : ['--until'],
    forText === undefined ? [] : ['--for'],
    untilResolved ? ['--until-resolved'] : [],
  ].flat();
  if (ends.length === 0)
    throw new UsageError('missing the end: give --until TIME, --for DURATION or --until-resolved', usage);
  if (ends.length > 1) throw new UsageError(`${ends.join(' and ')} exclude each other: give one end`, usage);
  let endsAt: string | undefined;
  if (until !== undefined) {
    const ms = parseRfc3339(until);
    if (ms === null)
      throw new UsageError(
        `--until must be an RFC 3339 time with a zone, such as 2027-03-28T18:00:00Z, got "${until}"`,
        usage,
      );
    if (ms <= now) throw new UsageError(`--until must be in the future, got ${until}`, usage);
    if (ms - now > MAX_SILENCE_MINUTES * 60_000)
      throw new UsageError(`--until must be within 366 days, got ${until}`, usage);
    endsAt = new Date(ms).toISOString();
  }
  if (forText !== undefined)
    endsAt = new Date(now + parseDuration(forText, '--for', usage) * 60_000).toISOString();
  return {
    tenant,
    device: text('device'),
    site: text('site'),
    failureMode: text('failure-mode'),
    comment,
    ...(endsAt === undefined ? { untilResolved: true as const } : { endsAt }),
  };
}

const DURATION = /^(?:(\d{1,5})d)?(?:(\d{1,6})h)?(?:(\d{1,7})m)?$/;

/**
 * '90m', '2h', '1h30m', '1d' -> minutes; a UsageError naming the flag otherwise. At most 31 days for a
 * window; a silence (--for) at most a year.
 *
 * @example parseDuration('1h30m', '--duration', usage) // 90
 */
export function parseDuration(text: string, flag: '--duration' | '--for', usage: string): number {
  const match = DURATION.exec(text.trim());
  const [days = 0, hours = 0, minutes = 0] = (match?.slice(1) ?? []).map((part) => Number(part ?? 0));
  const total = days * 1440 + hours * 60 + minutes;
  if (match === null || total === 0)
    throw new UsageError(
      `${flag} must be a duration such as 90m, 2h, 1h30m or 1d (days, hours, minutes in that order), got "${text}"`,
      usage,
    );
  const max = flag === '--duration' ? MAX_WINDOW_MINUTES : MAX_SILENCE_MINUTES;
  if (total > max)
    throw new UsageError(
      `${flag} must be at most ${flag === '--duration' ? '31d' : '366d'}, got "${text}"`,
      usage,
    );
  return total;
}
