// Maintenance windows as LibreNMS, Netdata and calendar users expect them: a local wall time in an IANA time
// zone, a duration, and optionally an RFC 5545 RRULE. The wall time repeats across DST changes (a Sunday 01:30
// Europe/Paris window is 00:30Z in winter, 23:30Z on Saturday in summer); the duration is elapsed time.
//
// How: the RRULE is expanded by the `rrule` package in floating time (UTC Date objects whose fields hold the
// local wall time), and each wall time becomes an instant in the zone (wallToInstant, below). Queries go
// through a per-schedule cache of the occurrences around the last instants asked about, searched by bisection.
import { IANAZone } from 'luxon';
import { type Options as RRuleOptions, RRule } from 'rrule';

/**
 * The longest window: 31 days, in minutes.
 *
 * @example if (minutes > MAX_WINDOW_MINUTES) throw new Error('at most 31 days');
 */
export const MAX_WINDOW_MINUTES = 44_640;

/**
 * A window as a person writes it. `start` is a local wall time in `timeZone` (no offset, no Z); `rrule` an
 * RFC 5545 RRULE value without DTSTART (an `RRULE:` prefix is accepted); without it the window happens once.
 *
 * @example const input: ScheduleInput = { start: '2027-03-28T01:30', durationMinutes: 120, timeZone: 'Europe/Paris', rrule: 'FREQ=WEEKLY;BYDAY=SU' };
 */
export interface ScheduleInput {
  start: string;
  durationMinutes: number;
  timeZone: string;
  rrule?: string | null;
}

/**
 * One occurrence of a window, in epoch milliseconds: it holds the instants `start <= t < end`.
 *
 * @example const sunday: Occurrence = { start: Date.parse('2027-03-28T00:30Z'), end: Date.parse('2027-03-28T02:30Z') };
 */
export interface Occurrence {
  start: number;
  end: number;
}

/**
 * A validated window (from parseSchedule): plain data, its input normalised (the zone's canonical name, the
 * rrule upper-case without `RRULE:`, null for a one-off). The compiled rule and the occurrence cache live
 * beside it, keyed by the object; a schedule rebuilt from stored input (`{ input }`) compiles on first use
 * (validated again, but for the overlap check, which it passed when stored; invalid input throws).
 *
 * @example const { input } = schedule; // { start: '2027-03-28T01:30', durationMinutes: 120, timeZone: 'Europe/Paris', rrule: 'FREQ=WEEKLY;BYDAY=SU' }
 */
export interface Schedule {
  readonly input: Readonly<Required<ScheduleInput> & { rrule: string | null }>;
}

/**
 * The input field a refusal names (an HTTP 422's parameter).
 *
 * @example const field: ScheduleField = 'rrule';
 */
export type ScheduleField = 'start' | 'durationMinutes' | 'timeZone' | 'rrule';

/**
 * What parseSchedule answers: the schedule, or the first field that is wrong and why.
 *
 * @example const result: ScheduleParseResult = { ok: false, field: 'timeZone', reason: 'unknown IANA time zone "Mars/Base"' };
 */
export type ScheduleParseResult =
  { ok: true; schedule: Schedule } | { ok: false; field: ScheduleField; reason: string };

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Wall time and instant differ by the zone's offset (at most 14 h) plus a DST gap: two days cover both. */
const MARGIN = 2 * DAY;
/**
 * The occurrences cached around an instant asked about: from a day before to 31 days after; a few such
 * stretches per schedule, so that callers asking about now and about replayed event times do not evict
 * each other.
 */
const CACHE_BEHIND = DAY;
const CACHE_AHEAD = 31 * DAY;
const CACHED_STRETCHES = 4;
/** rrule stops at year 9999. */
const LAST_INSTANT = Date.UTC(9999, 0, 1);
/**
 * The overlap check looks at the first occurrences: at most two years (each DST change twice, a short
 * February) and 5000 occurrences. rrule.js takes some 20 µs an occurrence: parsing a daily window costs
 * about 15 ms, which is why a schedule rebuilt from stored input skips the check (it was made when stored).
 */
const OVERLAP_CHECK_COUNT = 5000;
const OVERLAP_CHECK_SPAN = 2 * 366 * DAY;

const START = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

interface Compiled {
  durationMs: number;
  zone: Zone;
  /** the start's wall time as floating epoch ms */
  floatingStart: number;
  rule: RRule | null;
  /**
   * For rules without COUNT repeating HOURLY, DAILY or WEEKLY: the rule's period (INTERVAL hours, days or
   * weeks) in ms. rrule.js iterates from DTSTART on every call; a DTSTART moved forward by whole periods gives
   * the same occurrences after it, and keeps the cost of a query independent of the schedule's age.
   */
  periodMs: number | null;
  /** UNTIL given in UTC (with Z): later occurrences are dropped (the rule itself stops a margin later) */
  untilInstant: number | null;
  /** the first occurrence's start */
  first: number;
  /** the most recently used first */
  cache: CachedStretch[];
}

interface CachedStretch {
  from: number;
  to: number;
  /** the starts of the occurrences overlapping [from, to), ascending */
  starts: number[];
}

const compiledSchedules = new WeakMap<Schedule, Compiled>();

/**
 * Validates a window and compiles it. Checked: `start` ('YYYY-MM-DDTHH:mm' or with ':ss', a real date and
 * time, no offset), `durationMinutes` (an integer from 1 to 44640, i.e. 31 days), `timeZone` (an IANA
 * zone), `rrule` (RFC 5545 syntax and rules, no DTSTART, FREQ=HOURLY or slower, not both COUNT and UNTIL, at
 * least one occurrence, and no two occurrences overlapping: checked over the first two years or 5000
 * occurrences). A local start that does not exist (the spring-forward gap) moves forward by the gap
 * (02:30 becomes 03:30); an ambiguous one (the fall-back hour) is the earlier instant (the summer one).
 * Occurrences are those the rule generates from `start` (start itself only if it matches the rule, as in
 * python-dateutil and rrule.js). UNTIL with Z is an instant; without, a local wall time (a date alone
 * includes that whole local day). Answers are memoised by input (see parsedSchedules): parsing a stored
 * window again for each request or sweep costs a map lookup.
 *
 * @example
 * const result = parseSchedule({ start: '2027-03-28T01:30', durationMinutes: 120, timeZone: 'Europe/Paris', rrule: 'FREQ=WEEKLY;BYDAY=SU' });
 * if (!result.ok) throw new Error(`${result.field}: ${result.reason}`);
 * @example parseSchedule({ start: '2027-03-28T01:30', durationMinutes: 0, timeZone: 'UTC' }) // { ok: false, field: 'durationMinutes', reason: 'must be an integer from 1 to 44640 (31 days), got 0' }
 */
export function parseSchedule(input: {
  start?: unknown;
  durationMinutes?: unknown;
  timeZone?: unknown;
  rrule?: unknown;
}): ScheduleParseResult {
  const key = memoKey(input);
  if (key === null) return parse(input, true);
  const known = parsedSchedules.get(key);
  if (known !== undefined) {
    parsedSchedules.delete(key); // most recently used last
    parsedSchedules.set(key, known);
    return known;
  }
  const result = parse(input, true);
  if (parsedSchedules.size >= MEMO_SIZE) parsedSchedules.delete(parsedSchedules.keys().next().value!);
  parsedSchedules.set(key, result);
  return result;
}

/**
 * The answers of parseSchedule by input, the least recently used dropped past MEMO_SIZE: a daily window
 * costs some 15 ms to check (an hourly one up to 100), and callers parse the same stored windows again for
 * every answer and sweep. An equal input gets the same answer, its schedule (and occurrence cache) included.
 */
const parsedSchedules = new Map<string, ScheduleParseResult>();
const MEMO_SIZE = 1024;

function memoKey(input: Parameters<typeof parseSchedule>[0]): string | null {
  const { start, durationMinutes, timeZone, rrule = null } = input;
  if (typeof start !== 'string' || typeof durationMinutes !== 'number' || typeof timeZone !== 'string')
    return null;
  if (rrule !== null && typeof rrule !== 'string') return null;
  return JSON.stringify([start, durationMinutes, timeZone, rrule]);
}

function parse(input: Parameters<typeof parseSchedule>[0], checkOverlap: boolean): ScheduleParseResult {
  const fail = (field: ScheduleField, reason: string): ScheduleParseResult => ({ ok: false, field, reason });
  const floatingStart = parseStart(input.start);
  if (typeof floatingStart === 'string') return fail('start', floatingStart);
  const { durationMinutes } = input;
  if (
    typeof durationMinutes !== 'number' ||
    !Number.isInteger(durationMinutes) ||
    durationMinutes < 1 ||
    durationMinutes > MAX_WINDOW_MINUTES
  )
    return fail(
      'durationMinutes',
      `must be an integer from 1 to ${MAX_WINDOW_MINUTES} (31 days), got ${describe(durationMinutes)}`,
    );
  const timeZone = canonicalZone(input.timeZone);
  if (timeZone === null)
    return fail(
      'timeZone',
      `must be an IANA time zone such as Europe/Paris, got ${describe(input.timeZone)}`,
    );
  const rrule = normaliseRrule(input.rrule);
  if (rrule !== null && rrule.error !== undefined) return fail('rrule', rrule.error);

  const zone = new Zone(timeZone);
  const durationMs = durationMinutes * MINUTE;
  const base = { durationMs, zone, floatingStart, untilInstant: null, cache: [] };
  let compiled: Compiled;
  if (rrule === null) {
    compiled = { ...base, rule: null, periodMs: null, first: wallToInstant(floatingStart, zone) };
  } else {
    const built = buildRule(rrule.text, floatingStart, zone);
    if (typeof built === 'string') return fail('rrule', built);
    compiled = { ...base, ...built };
    const overlap = checkOverlap ? overlapProblem(compiled) : null;
    if (overlap !== null) return fail('rrule', overlap);
  }
  const start = input.start as string;
  const schedule: Schedule = {
    input: { start, durationMinutes, timeZone, rrule: rrule === null ? null : rrule.text },
  };
  compiledSchedules.set(schedule, compiled);
  return { ok: true, schedule };
}

/**
 * The occurrence holding `at` (start <= at < end), or null. Called per telemetry message and detection
 * event: it bisects a cache of the occurrences from a day before to 31 days after the last instant that
 * missed it (four such stretches per schedule), so that a clock moving forward recomputes the rule about
 * once a month; a hit costs a bisection of a month's occurrences, well under a microsecond.
 *
 * @example occurrenceAt(sundays0130Paris2h, Date.parse('2027-04-03T23:45Z')) // { start: Date.parse('2027-04-03T23:30Z'), end: Date.parse('2027-04-04T01:30Z') }
 */
export function occurrenceAt(schedule: Schedule, at: number): Occurrence | null {
  if (!Number.isFinite(at)) return null;
  const compiled = compile(schedule);
  const { starts } = cacheAround(compiled, at);
  const index = lastAtOrBefore(starts, at);
  if (index < 0) return null;
  const start = starts[index];
  return at < start + compiled.durationMs ? { start, end: start + compiled.durationMs } : null;
}

/**
 * The occurrence running at `after` or else the next one: the first whose end is later than `after`; null
 * when the schedule has no more.
 *
 * @example nextOccurrence(sundays0130Paris2h, Date.parse('2027-03-29T00:00Z')) // { start: Date.parse('2027-04-03T23:30Z'), end: Date.parse('2027-04-04T01:30Z') }
 */
export function nextOccurrence(schedule: Schedule, after: number): Occurrence | null {
  const running = occurrenceAt(schedule, after);
  if (running !== null) return running;
  const compiled = compile(schedule);
  for (const start of startsFrom(compiled, after + 1, LAST_INSTANT)) return occurrence(compiled, start);
  return null;
}

/**
 * The occurrences overlapping [from, to) (end > from and start < to), ascending, at most `max` (1000 by
 * default).
 *
 * @example occurrencesBetween(sundays0130Paris2h, Date.parse('2027-03-20T00:00Z'), Date.parse('2027-04-05T00:00Z')).length // 2 (28 March 00:30Z, 3 April 23:30Z)
 */
export function occurrencesBetween(schedule: Schedule, from: number, to: number, max = 1000): Occurrence[] {
  const compiled = compile(schedule);
  const found: Occurrence[] = [];
  if (!(to > from) || max < 1) return found;
  for (const start of startsFrom(compiled, Math.floor(from - compiled.durationMs) + 1, to)) {
    if (start + compiled.durationMs > from) found.push(occurrence(compiled, start));
    if (found.length >= max) break;
  }
  return found;
}

/**
 * The occurrences whose end is in (from, to], ascending, at most `max` (1000 by default): the windows that
 * closed since the last look, for re-notifying what is still failing.
 *
 * @example endedBetween(sundays0130Paris2h, Date.parse('2027-04-04T01:00Z'), Date.parse('2027-04-04T02:00Z')) // [{ start: ...T23:30Z (Saturday), end: ...T01:30Z }]
 */
export function endedBetween(schedule: Schedule, from: number, to: number, max = 1000): Occurrence[] {
  const compiled = compile(schedule);
  const { durationMs } = compiled;
  const found: Occurrence[] = [];
  if (!(to > from) || max < 1) return found;
  for (const start of startsFrom(
    compiled,
    Math.floor(from - durationMs) + 1,
    Math.floor(to - durationMs) + 1,
  )) {
    if (start + durationMs > from && start + durationMs <= to) found.push(occurrence(compiled, start));
    if (found.length >= max) break;
  }
  return found;
}

function compile(schedule: Schedule): Compiled {
  const known = compiledSchedules.get(schedule);
  if (known !== undefined) return known;
  const result = parse(schedule.input, false);
  if (!result.ok) throw new Error(`invalid maintenance schedule: ${result.field} ${result.reason}`);
  const compiled = compiledSchedules.get(result.schedule)!;
  compiledSchedules.set(schedule, compiled);
  return compiled;
}

function occurrence(compiled: Compiled, start: number): Occurrence {
  return { start, end: start + compiled.durationMs };
}

function cacheAround(compiled: Compiled, at: number): CachedStretch {
  const { cache } = compiled;
  const index = cache.findIndex((stretch) => at >= stretch.from && at < stretch.to);
  if (index === 0) return cache[0];
  const stretch =
    index > 0
      ? cache.splice(index, 1)[0]
      : {
          from: at - CACHE_BEHIND,
          to: at + CACHE_AHEAD,
          starts: startsIn(compiled, at - CACHE_BEHIND - compiled.durationMs, at + CACHE_AHEAD),
        };
  cache.unshift(stretch);
  cache.length = Math.min(cache.length, CACHED_STRETCHES);
  return stretch;
}

/** Index of the last value <= at in an ascending array, -1 if none. */
function lastAtOrBefore(values: number[], at: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] <= at) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** The starts in [from, to), ascending: a month at a time, jumping over empty stretches. */
function* startsFrom(compiled: Compiled, from: number, to: number): Generator<number> {
  let cursor = Math.max(from, compiled.first - DAY);
  const end = Math.min(to, LAST_INSTANT);
  let span = 32 * DAY;
  while (cursor < end) {
    const chunkEnd = Math.min(cursor + span, end);
    const starts = startsIn(compiled, cursor, chunkEnd);
    yield* starts;
    if (compiled.rule === null) return;
    // nothing here: look further at once, and stop when the rule has nothing after this chunk
    span = starts.length === 0 ? span * 2 : 32 * DAY;
    const rest = new Date(chunkEnd - MARGIN);
    if (starts.length === 0 && ruleFrom(compiled, compiled.rule, rest.getTime()).after(rest, true) === null)
      return;
    cursor = chunkEnd;
  }
}

/** The starts in [from, to), ascending, without duplicates. */
function startsIn(compiled: Compiled, from: number, to: number): number[] {
  const { rule, untilInstant, zone } = compiled;
  if (rule === null) return compiled.first >= from && compiled.first < to ? [compiled.first] : [];
  const floatingFrom = from - MARGIN;
  const floatingTo = Math.min(to + MARGIN, LAST_INSTANT);
  const floating = ruleFrom(compiled, rule, floatingFrom).between(
    new Date(floatingFrom),
    new Date(floatingTo),
    true,
  );
  const starts = floating
    .map((wall) => wallToInstant(wall.getTime(), zone))
    .filter((start) => start >= from && start < to && (untilInstant === null || start <= untilInstant))
    // a gap can reorder wall times (02:45 becomes 03:45, after 03:00) and merge two (02:30 and 03:30)
    .sort((a, b) => a - b);
  return starts.filter((start, index) => index === 0 || start !== starts[index - 1]);
}

/**
 * A wall time (floating epoch ms) to an instant in the zone: an ambiguous one (fall-back) is the earlier
 * instant, one in a gap (spring-forward) moves forward by the gap. luxon's DateTime.fromObject does the
 * latter but not the former consistently (the later instant in New York and Paris, the earlier in Sydney).
 * The offsets either side are asked at day boundaries around the wall time's day (a day before it starts,
 * a day after it ends: 14 h of offset and a DST gap fit in between), so that the wall times of one day, and
 * of the next, share them: memoised per zone, only the days of a change ask for more.
 */
function wallToInstant(wall: number, zone: Zone): number {
  const day = Math.floor(wall / DAY) * DAY;
  const before = zone.offsetAt(day - DAY);
  const after = zone.offsetAt(day + 2 * DAY);
  if (before === after) return wall - before * MINUTE;
  const candidates = [before, after]
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => wall - zone.offsetAt(instant) * MINUTE === instant);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before * MINUTE; // in the gap: the offset before it, so the wall time reads later after it
}

/** A time zone's offsets in minutes (luxon's, through Intl), memoised by instant. */
class Zone {
  readonly #zone: IANAZone;
  #offsets = new Map<number, number>();

  constructor(name: string) {
    this.#zone = IANAZone.create(name);
  }

  offsetAt(instant: number): number {
    let offset = this.#offsets.get(instant);
    if (offset === undefined) {
      if (this.#offsets.size >= 10_000) this.#offsets = new Map();
      offset = this.#zone.offset(instant);
      this.#offsets.set(instant, offset);
    }
    return offset;
  }
}

function parseStart(value: unknown): number | string {
  if (typeof value !== 'string')
    return `must be a local wall time such as 2027-03-28T01:30, got ${describe(value)}`;
  const match = START.exec(value);
  if (match === null)
    return `must be a local wall time 'YYYY-MM-DDTHH:mm' or 'YYYY-MM-DDTHH:mm:ss' without offset or Z, got "${value}"`;
  const [year, month, day, hour, minute, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  if (year < 1900 || year > 9000) return `year must be from 1900 to 9000, got ${year}`;
  const floating = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(floating);
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return `"${value}" is not a real date and time`;
  return floating;
}

function canonicalZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '' || !IANAZone.isValidZone(value)) return null;
  // 'europe/paris' is valid too: store the zone's own spelling
  return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  return value === undefined ? 'nothing' : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

type NormalisedRrule = { text: string; error?: undefined } | { text?: undefined; error: string };

/** null: no rrule (a one-off window). */
function normaliseRrule(value: unknown): NormalisedRrule | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    return { error: `must be an RRULE value such as FREQ=WEEKLY;BYDAY=SU, got ${describe(value)}` };
  const text = value.trim().replace(/^RRULE:/i, '');
  if (text === '') return { error: 'must not be empty: leave it out (or null) for a one-off window' };
  if (/DTSTART/i.test(text))
    return { error: 'must not contain DTSTART: the window starts at its start, in its timeZone' };
  if (/[:\s]/.test(text))
    return { error: 'must be one RRULE value (FREQ=...;...) without other properties or line breaks' };
  const problem = rruleSyntaxProblem(text.toUpperCase());
  return problem === null ? { text: text.toUpperCase() } : { error: problem };
}

const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY'];
const WEEKDAY = '(?:MO|TU|WE|TH|FR|SA|SU)';
/** The numeric list parts: smallest, largest absolute value, and whether negatives are allowed. */
const NUMBER_LISTS: Record<string, [number, number, boolean]> = {
  BYSECOND: [0, 59, false],
  BYMINUTE: [0, 59, false],
  BYHOUR: [0, 23, false],
  BYMONTHDAY: [1, 31, true],
  BYYEARDAY: [1, 366, true],
  BYWEEKNO: [1, 53, true],
  BYMONTH: [1, 12, false],
  BYSETPOS: [1, 366, true],
};
/** RFC 5545 §3.3.10: parts that some frequencies must not have. */
const NOT_WITH: Record<string, string[]> = {
  BYWEEKNO: ['MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY'],
  BYYEARDAY: ['MONTHLY', 'WEEKLY', 'DAILY'],
  BYMONTHDAY: ['WEEKLY'],
};

/** RFC 5545 §3.3.10, strictly: rrule.js accepts (and ignores or misreads) much that is wrong. */
function rruleSyntaxProblem(text: string): string | null {
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    const [name, value, extra] = part.split('=');
    if (!name || value === undefined || value === '' || extra !== undefined)
      return `"${part}" is not NAME=VALUE (parts are separated by ";")`;
    if (parts.has(name)) return `${name} is given twice`;
    parts.set(name, value);
  }
  const freq = parts.get('FREQ');
  if (freq === undefined) return 'FREQ is missing (e.g. FREQ=WEEKLY;BYDAY=SU)';
  if (freq === 'MINUTELY' || freq === 'SECONDLY')
    return `FREQ=${freq} is too frequent for a maintenance window: use HOURLY or slower`;
  if (!FREQUENCIES.includes(freq)) return `FREQ must be one of ${FREQUENCIES.join(', ')}, got "${freq}"`;
  if (parts.has('COUNT') && parts.has('UNTIL')) return 'COUNT and UNTIL exclude each other: give one';
  for (const [name, value] of parts) {
    const problem = partProblem(name, value, freq, parts);
    if (problem !== null) return problem;
  }
  return null;
}

function partProblem(name: string, value: string, freq: string, parts: Map<string, string>): string | null {
  if (NOT_WITH[name]?.includes(freq)) return `${name} cannot be used with FREQ=${freq}`;
  switch (name) {
    case 'FREQ':
      return null;
    case 'COUNT':
    case 'INTERVAL':
      return /^[1-9]\d{0,5}$/.test(value) ? null : `${name} must be a positive integer, got "${value}"`;
    case 'UNTIL':
      return untilFields(value) === null
        ? `UNTIL must be a date (20271231) or date-time (20271231T235900 or 20271231T235900Z), got "${value}"`
        : null;
    case 'WKST':
      return new RegExp(`^${WEEKDAY}$`).test(value)
        ? null
        : `WKST must be a weekday (MO..SU), got "${value}"`;
    case 'BYDAY':
      return bydayProblem(value, freq, parts);
    case 'BYSETPOS':
      if (![...parts.keys()].some((other) => other.startsWith('BY') && other !== 'BYSETPOS'))
        return 'BYSETPOS needs another BYxxx part to pick from';
      return numberListProblem(name, value);
    default:
      if (name in NUMBER_LISTS) return numberListProblem(name, value);
      return `unknown part ${name}`;
  }
}

function numberListProblem(name: string, value: string): string | null {
  const [low, high, signed] = NUMBER_LISTS[name];
  for (const item of value.split(',')) {
    const number = Number(item);
    const ok = /^[+-]?\d{1,3}$/.test(item) && (signed || number >= 0) && Math.abs(number) >= low;
    if (!ok || Math.abs(number) > high || (signed && number === 0))
      return `${name} values must be ${signed ? `±${low}` : low} to ${signed ? `±${high}` : high}, got "${item}"`;
  }
  return null;
}

function bydayProblem(value: string, freq: string, parts: Map<string, string>): string | null {
  for (const item of value.split(',')) {
    const match = new RegExp(`^([+-]?\\d{1,2})?(${WEEKDAY})$`).exec(item);
    if (match === null) return `BYDAY values must be weekdays (MO..SU, e.g. 1MO or -1FR), got "${item}"`;
    if (match[1] === undefined) continue;
    const n = Math.abs(Number(match[1]));
    if (freq !== 'MONTHLY' && freq !== 'YEARLY')
      return `BYDAY with a number (${item}) needs FREQ=MONTHLY or YEARLY`;
    if (freq === 'YEARLY' && parts.has('BYWEEKNO')) return `BYDAY with a number (${item}) excludes BYWEEKNO`;
    if (n < 1 || n > (freq === 'MONTHLY' ? 5 : 53))
      return `BYDAY ${item}: the number must be 1 to ${freq === 'MONTHLY' ? 5 : 53} (or negative)`;
  }
  return null;
}

/** UNTIL's fields and form, or null when malformed. */
function untilFields(value: string): { floating: number; dateOnly: boolean; utc: boolean } | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const floating = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(floating);
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  return { floating, dateOnly: match[4] === undefined, utc: match[7] !== undefined };
}

type BuiltRule = Pick<Compiled, 'rule' | 'untilInstant' | 'first' | 'periodMs'>;

/** The rrule in floating time from the start's wall time; a reason when it never produces an occurrence. */
function buildRule(text: string, floatingStart: number, zone: Zone): BuiltRule | string {
  const untilText = /(?:^|;)UNTIL=([^;]+)/.exec(text)?.[1];
  const options: Partial<RRuleOptions> = {
    ...RRule.parseString(text.replace(/(?:^|;)UNTIL=[^;]+/, '').replace(/^;/, '')),
    dtstart: new Date(floatingStart),
    tzid: null,
    until: null,
  };
  let untilInstant: number | null = null;
  if (untilText !== undefined) {
    const until = untilFields(untilText)!;
    if (until.utc) untilInstant = until.floating;
    // a UTC UNTIL stops the floating rule a margin later (its wall times are up to 14 h off); the instants
    // are then cut at UNTIL itself
    options.until = new Date(
      until.utc ? until.floating + MARGIN : until.dateOnly ? until.floating + DAY - 1000 : until.floating,
    );
  }
  const never = neverProblem(options, floatingStart);
  if (never !== null) return never;
  const rule = new RRule(options);
  const firstWall = rule.after(new Date(floatingStart), true);
  const first = firstWall === null ? null : wallToInstant(firstWall.getTime(), zone);
  if (first === null || (untilInstant !== null && first > untilInstant))
    return 'the rule produces no occurrence from start on (check UNTIL, COUNT and the BYxxx parts)';
  return { rule, untilInstant, first, periodMs: periodOf(options) };
}

const PERIOD_MS: Partial<Record<number, number>> = {
  [RRule.HOURLY]: 3_600_000,
  [RRule.DAILY]: DAY,
  [RRule.WEEKLY]: 7 * DAY,
};

function periodOf(options: Partial<RRuleOptions>): number | null {
  const period = options.freq === undefined ? undefined : PERIOD_MS[options.freq];
  if (period === undefined || (options.count ?? null) !== null) return null;
  return period * (options.interval ?? 1);
}

/** The rule, its DTSTART moved forward by whole periods to before `floatingFrom` where that is the same rule. */
function ruleFrom(compiled: Compiled, rule: RRule, floatingFrom: number): RRule {
  const { periodMs, floatingStart } = compiled;
  if (periodMs === null) return rule;
  const periods = Math.floor((floatingFrom - floatingStart) / periodMs);
  if (periods < 2) return rule;
  return new RRule({ ...rule.origOptions, dtstart: new Date(floatingStart + (periods - 1) * periodMs) });
}

/**
 * rrule.js searches until year 9999 (seconds of CPU) for a rule whose BYxxx parts never match, and forever for
 * an HOURLY interval that never reaches its BYHOUR: those are refused here, cheaply.
 */
function neverProblem(options: Partial<RRuleOptions>, floatingStart: number): string | null {
  const { freq, interval = 1 } = options;
  const start = new Date(floatingStart);
  const hours = asList(options.byhour);
  if (freq === RRule.HOURLY && hours.length > 0) {
    const step = gcd(interval ?? 1, 24);
    if (!hours.some((hour) => (((hour - start.getUTCHours()) % step) + step) % step === 0))
      return `with INTERVAL=${interval} from ${start.getUTCHours()}:00, FREQ=HOURLY never reaches BYHOUR=${hours.join(',')}`;
  }
  if (freq !== RRule.DAILY && freq !== RRule.HOURLY) return null;
  const weekdays = asList(options.byweekday).map((day) =>
    typeof day === 'number' ? day : typeof day === 'string' ? RRULE_WEEKDAYS.indexOf(day) : day.weekday,
  );
  const startWeekday = (start.getUTCDay() + 6) % 7; // rrule: 0 is Monday
  const stepDays = freq === RRule.DAILY ? (interval ?? 1) : (interval ?? 1) / 24;
  if (weekdays.length > 0 && stepDays % 7 === 0 && !weekdays.includes(startWeekday))
    return `every ${stepDays / 7} week(s) from a ${WEEKDAYS[startWeekday]} never falls on BYDAY`;
  // the days that the BYxxx parts allow, whatever the frequency: a yearly rule finds one in a few thousand steps
  const probe = new RRule({
    freq: RRule.YEARLY,
    dtstart: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate())),
    bymonth: options.bymonth,
    bymonthday: options.bymonthday,
    byyearday: options.byyearday,
    byweekday: options.byweekday,
  });
  return probe.after(probe.options.dtstart, true) === null
    ? 'the BYxxx parts match no day (e.g. BYMONTH=2;BYMONTHDAY=30)'
    : null;
}

const RRULE_WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function asList<T>(value: T | T[] | null | undefined): T[] {
  return value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Two consecutive occurrences closer than the duration, over the first ones; null when none. */
function overlapProblem(compiled: Compiled): string | null {
  const { rule, durationMs, zone, floatingStart } = compiled;
  if (rule === null) return null;
  const limit = floatingStart + OVERLAP_CHECK_SPAN;
  const walls = rule.all((wall, count) => count < OVERLAP_CHECK_COUNT && wall.getTime() < limit);
  const starts = walls
    .map((wall) => wallToInstant(wall.getTime(), zone))
    .filter((start) => compiled.untilInstant === null || start <= compiled.untilInstant)
    .sort((a, b) => a - b);
  let shortest = -1; // the index of the later start of the closest two
  for (let i = 1; i < starts.length; i++) {
    const gap = starts[i] - starts[i - 1];
    if (gap > 0 && (shortest < 0 || gap < starts[shortest] - starts[shortest - 1])) shortest = i;
  }
  if (shortest < 0) return null;
  const [earlier, later] = [starts[shortest - 1], starts[shortest]];
  if (later - earlier >= durationMs) return null;
  return (
    `occurrences would overlap: the one starting ${new Date(earlier).toISOString()} lasts ` +
    `${durationMs / MINUTE} minutes, but the next starts ${(later - earlier) / MINUTE} minutes later, at ` +
    `${new Date(later).toISOString()}; make durationMinutes at most ${Math.floor((later - earlier) / MINUTE)}`
  );
}
