import fc from 'fast-check';
import { DateTime } from 'luxon';

import {
  endedBetween,
  nextOccurrence,
  type Occurrence,
  occurrenceAt,
  occurrencesBetween,
  parseSchedule,
  type Schedule,
  type ScheduleField,
  type ScheduleInput,
} from './maintenance-schedule';

const at = (iso: string) => Date.parse(iso);
const iso = (occurrence: Occurrence | null) =>
  occurrence === null
    ? null
    : `${new Date(occurrence.start).toISOString()}/${new Date(occurrence.end).toISOString()}`;

function schedule(input: ScheduleInput): Schedule {
  const result = parseSchedule(input);
  if (!result.ok) throw new Error(`${result.field}: ${result.reason}`);
  return result.schedule;
}

describe('maintenance schedule', () => {
  describe('weekly on Sunday 01:30 Europe/Paris for 2 h, across both DST changes of 2027', () => {
    const sundays = schedule({
      start: '2027-03-21T01:30',
      durationMinutes: 120,
      timeZone: 'Europe/Paris',
      rrule: 'RRULE:FREQ=WEEKLY;BYDAY=SU',
    });

    it.each([
      // winter (CET, +01:00): 00:30Z
      ['2027-03-21T00:30:00.000Z', '2027-03-21T00:30:00.000Z/2027-03-21T02:30:00.000Z'],
      // the night of the change (02:00 -> 03:00): 01:30 is still CET; the 2 h are elapsed time
      ['2027-03-28T02:29:59.999Z', '2027-03-28T00:30:00.000Z/2027-03-28T02:30:00.000Z'],
      // summer (CEST, +02:00): 23:30Z on Saturday
      ['2027-04-03T23:30:00.000Z', '2027-04-03T23:30:00.000Z/2027-04-04T01:30:00.000Z'],
      // the night of the fall-back (03:00 -> 02:00): 01:30 is still CEST
      ['2027-10-31T01:00:00.000Z', '2027-10-30T23:30:00.000Z/2027-10-31T01:30:00.000Z'],
      // winter again
      ['2027-11-07T02:00:00.000Z', '2027-11-07T00:30:00.000Z/2027-11-07T02:30:00.000Z'],
    ])('at %s is in %s', (instant, occurrence) => {
      expect(iso(occurrenceAt(sundays, at(instant)))).toBe(occurrence);
    });

    it.each([
      '2027-03-21T00:29:59.999Z', // before the first
      '2027-03-28T02:30:00.000Z', // the end is not in
      '2027-04-04T01:30:00.000Z', // 03:30 CEST: over (the winter hours 00:30Z-02:30Z do not count in summer)
      '2027-10-31T01:30:00.000Z',
      '2027-11-06T23:30:00.000Z', // summer time of a winter Sunday: 00:30 local, not yet
      '2027-03-14T00:30:00.000Z', // a week before the start
    ])('at %s is outside', (instant) => {
      expect(occurrenceAt(sundays, at(instant))).toBeNull();
    });

    it('lists the occurrences over the change in order, and the next one from any instant', () => {
      expect(occurrencesBetween(sundays, at('2027-03-20T00:00Z'), at('2027-04-12T00:00Z')).map(iso)).toEqual([
        '2027-03-21T00:30:00.000Z/2027-03-21T02:30:00.000Z',
        '2027-03-28T00:30:00.000Z/2027-03-28T02:30:00.000Z',
        '2027-04-03T23:30:00.000Z/2027-04-04T01:30:00.000Z',
        '2027-04-10T23:30:00.000Z/2027-04-11T01:30:00.000Z',
      ]);
      expect(iso(nextOccurrence(sundays, at('2027-03-28T01:00Z')))).toBe(
        '2027-03-28T00:30:00.000Z/2027-03-28T02:30:00.000Z', // running: it counts
      );
      expect(iso(nextOccurrence(sundays, at('2027-03-28T02:30Z')))).toBe(
        '2027-04-03T23:30:00.000Z/2027-04-04T01:30:00.000Z',
      );
      expect(iso(nextOccurrence(sundays, at('2020-01-01T00:00Z')))).toBe(
        '2027-03-21T00:30:00.000Z/2027-03-21T02:30:00.000Z',
      );
    });

    it('matches luxon on every Sunday of three years (01:30 is never in a gap or an overlap in Paris)', () => {
      const expected: number[] = [];
      const first = DateTime.fromISO('2027-03-21T01:30', { zone: 'Europe/Paris' });
      for (let day = first; day.year < 2030; day = day.plus({ weeks: 1 })) expected.push(day.toMillis());
      const listed = occurrencesBetween(sundays, 0, at('2030-01-01T00:00Z'), 500);
      expect(listed.map((o) => o.start)).toEqual(expected);
      expect(listed.every((o) => o.end - o.start === 120 * 60_000)).toBe(true);
    });

    it('answers instants far apart, back and forth (the cache follows)', () => {
      expect(iso(occurrenceAt(sundays, at('2031-01-05T01:00Z')))).toBe(
        '2031-01-05T00:30:00.000Z/2031-01-05T02:30:00.000Z',
      );
      expect(iso(occurrenceAt(sundays, at('2027-04-04T01:00Z')))).toBe(
        '2027-04-03T23:30:00.000Z/2027-04-04T01:30:00.000Z',
      );
      expect(occurrenceAt(sundays, Number.NaN)).toBeNull();
    });
  });

  describe('daily 02:30 America/New_York: the spring-forward gap', () => {
    const daily = schedule({
      start: '2027-03-12T02:30',
      durationMinutes: 60,
      timeZone: 'America/New_York',
      rrule: 'FREQ=DAILY',
    });

    it('moves the start that does not exist forward by the gap (02:30 -> 03:30 EDT)', () => {
      expect(occurrencesBetween(daily, at('2027-03-13T00:00Z'), at('2027-03-16T00:00Z')).map(iso)).toEqual([
        '2027-03-13T07:30:00.000Z/2027-03-13T08:30:00.000Z', // 02:30 EST
        '2027-03-14T07:30:00.000Z/2027-03-14T08:30:00.000Z', // no 02:30 that day: 03:30 EDT
        '2027-03-15T06:30:00.000Z/2027-03-15T07:30:00.000Z', // 02:30 EDT
      ]);
      expect(occurrenceAt(daily, at('2027-03-14T07:29:59Z'))).toBeNull();
    });

    it('moves a one-off start in the gap forward too', () => {
      const once = schedule({ start: '2027-03-14T02:30', durationMinutes: 30, timeZone: 'America/New_York' });
      expect(iso(nextOccurrence(once, 0))).toBe('2027-03-14T07:30:00.000Z/2027-03-14T08:00:00.000Z');
    });
  });

  describe('the fall-back hour: an ambiguous start is the earlier instant', () => {
    it.each([
      ['America/New_York', '2027-11-07T01:30', '2027-11-07T05:30:00.000Z'], // 01:30 EDT, not EST (06:30Z)
      ['Europe/Paris', '2027-10-31T02:30', '2027-10-31T00:30:00.000Z'], // 02:30 CEST, not CET (01:30Z)
      ['Australia/Sydney', '2027-04-04T02:30', '2027-04-03T15:30:00.000Z'], // 02:30 AEDT, not AEST
    ])('%s %s is %s', (timeZone, start, instant) => {
      const once = schedule({ start, durationMinutes: 90, timeZone });
      expect(nextOccurrence(once, 0)?.start).toBe(at(instant));
      // elapsed time: 90 minutes, the repeated hour included
      expect(nextOccurrence(once, 0)?.end).toBe(at(instant) + 90 * 60_000);
    });

    it('keeps a daily 01:30 New York window at the earlier instant that night only', () => {
      const daily = schedule({
        start: '2027-11-06T01:30',
        durationMinutes: 30,
        timeZone: 'America/New_York',
        rrule: 'FREQ=DAILY',
      });
      expect(occurrencesBetween(daily, at('2027-11-06T00:00Z'), at('2027-11-09T00:00Z')).map(iso)).toEqual([
        '2027-11-06T05:30:00.000Z/2027-11-06T06:00:00.000Z',
        '2027-11-07T05:30:00.000Z/2027-11-07T06:00:00.000Z',
        '2027-11-08T06:30:00.000Z/2027-11-08T07:00:00.000Z',
      ]);
    });
  });

  describe('one-off windows', () => {
    const once = schedule({ start: '2027-06-01T22:00:00', durationMinutes: 90, timeZone: 'Europe/Paris' });
    const window = '2027-06-01T20:00:00.000Z/2027-06-01T21:30:00.000Z';

    it('happen once, at the local time', () => {
      expect(iso(occurrenceAt(once, at('2027-06-01T21:29:59Z')))).toBe(window);
      expect(occurrenceAt(once, at('2027-06-01T21:30Z'))).toBeNull();
      expect(occurrenceAt(once, at('2027-06-02T20:00Z'))).toBeNull();
      expect(iso(nextOccurrence(once, at('2027-01-01T00:00Z')))).toBe(window);
      expect(nextOccurrence(once, at('2027-06-01T21:30Z'))).toBeNull();
      expect(occurrencesBetween(once, 0, at('2100-01-01T00:00Z')).map(iso)).toEqual([window]);
    });

    it('keep their input, normalised', () => {
      expect(once.input).toEqual({
        start: '2027-06-01T22:00:00',
        durationMinutes: 90,
        timeZone: 'Europe/Paris',
        rrule: null,
      });
      expect(
        schedule({
          start: '2027-06-01T22:00',
          durationMinutes: 5,
          timeZone: 'europe/paris',
          rrule: 'rrule:freq=daily',
        }).input,
      ).toMatchObject({ timeZone: 'Europe/Paris', rrule: 'FREQ=DAILY' });
    });

    it('parse once per input: an equal input gets the same schedule, another input another', () => {
      const input = {
        start: '2027-06-01T22:00',
        durationMinutes: 90,
        timeZone: 'Europe/Paris',
        rrule: 'FREQ=DAILY',
      };
      const first = parseSchedule(input);
      expect(parseSchedule({ ...input })).toBe(first);
      expect(parseSchedule({ ...input, durationMinutes: 91 })).not.toBe(first);
      const refused = parseSchedule({ ...input, timeZone: 'Mars/Base' });
      expect(parseSchedule({ ...input, timeZone: 'Mars/Base' })).toBe(refused);
    });

    it('compile again from stored input', () => {
      const stored: Schedule = JSON.parse(JSON.stringify(once)) as Schedule;
      expect(iso(occurrenceAt(stored, at('2027-06-01T21:00Z')))).toBe(window);
      expect(() => occurrenceAt({ input: { ...once.input, timeZone: 'Mars/Base' } }, 0)).toThrow(
        'invalid maintenance schedule: timeZone',
      );
    });
  });

  describe('ending with COUNT or UNTIL', () => {
    it('stops after COUNT occurrences', () => {
      const three = schedule({
        start: '2027-01-01T09:00',
        durationMinutes: 60,
        timeZone: 'UTC',
        rrule: 'FREQ=DAILY;COUNT=3',
      });
      expect(occurrencesBetween(three, 0, at('2030-01-01T00:00Z')).map((o) => o.start)).toEqual([
        at('2027-01-01T09:00Z'),
        at('2027-01-02T09:00Z'),
        at('2027-01-03T09:00Z'),
      ]);
      expect(nextOccurrence(three, at('2027-01-03T10:00Z'))).toBeNull();
      expect(occurrenceAt(three, at('2027-01-04T09:30Z'))).toBeNull();
    });

    it('takes UNTIL with Z as an instant: an occurrence starting at it is the last', () => {
      const nights = schedule({
        start: '2027-01-01T00:30',
        durationMinutes: 60,
        timeZone: 'Europe/Paris',
        rrule: 'FREQ=DAILY;UNTIL=20270103T233000Z',
      });
      expect(occurrencesBetween(nights, 0, at('2028-01-01T00:00Z')).map((o) => o.start)).toEqual([
        at('2026-12-31T23:30Z'),
        at('2027-01-01T23:30Z'),
        at('2027-01-02T23:30Z'),
        at('2027-01-03T23:30Z'),
      ]);
      expect(nextOccurrence(nights, at('2027-01-04T00:30Z'))).toBeNull();
    });

    it('takes UNTIL without Z as a local time, and a date alone as that whole local day', () => {
      const local = (until: string) =>
        occurrencesBetween(
          schedule({
            start: '2027-01-01T22:00',
            durationMinutes: 60,
            timeZone: 'America/New_York',
            rrule: `FREQ=DAILY;UNTIL=${until}`,
          }),
          0,
          at('2028-01-01T00:00Z'),
        ).length;
      expect(local('20270103')).toBe(3);
      expect(local('20270103T215959')).toBe(2);
      expect(local('20270103T220000')).toBe(3);
    });
  });

  describe('endedBetween', () => {
    const daily = schedule({
      start: '2027-05-01T10:00',
      durationMinutes: 30,
      timeZone: 'UTC',
      rrule: 'FREQ=DAILY',
    });

    it('lists the occurrences whose end is in (from, to]', () => {
      expect(endedBetween(daily, at('2027-05-01T10:30Z'), at('2027-05-03T10:30Z')).map(iso)).toEqual([
        '2027-05-02T10:00:00.000Z/2027-05-02T10:30:00.000Z',
        '2027-05-03T10:00:00.000Z/2027-05-03T10:30:00.000Z',
      ]);
      expect(endedBetween(daily, at('2027-05-01T10:29:59.999Z'), at('2027-05-01T10:30Z'))).toHaveLength(1);
      expect(endedBetween(daily, at('2027-05-01T10:00Z'), at('2027-05-01T10:29:59.999Z'))).toEqual([]);
      expect(endedBetween(daily, at('2027-04-01T00:00Z'), at('2027-05-01T10:00Z'))).toEqual([]);
      expect(endedBetween(daily, at('2027-05-01T00:00Z'), at('2028-05-01T00:00Z'), 2)).toHaveLength(2);
    });
  });

  describe('occurrencesBetween', () => {
    const daily = schedule({
      start: '2027-05-01T10:00',
      durationMinutes: 30,
      timeZone: 'UTC',
      rrule: 'FREQ=DAILY',
    });

    it('takes those overlapping [from, to): a running one at from, none starting at to', () => {
      expect(occurrencesBetween(daily, at('2027-05-01T10:29Z'), at('2027-05-02T10:00Z')).map(iso)).toEqual([
        '2027-05-01T10:00:00.000Z/2027-05-01T10:30:00.000Z',
      ]);
      expect(occurrencesBetween(daily, at('2027-05-01T10:30Z'), at('2027-05-02T10:00:00.001Z'))).toHaveLength(
        1,
      );
      expect(occurrencesBetween(daily, at('2027-05-02T00:00Z'), at('2027-05-01T00:00Z'))).toEqual([]);
    });

    it('returns at most max, 1000 by default, however long the range', () => {
      expect(occurrencesBetween(daily, -Infinity, Infinity, 5).map((o) => o.start)).toEqual(
        [1, 2, 3, 4, 5].map((day) => at(`2027-05-0${day}T10:00Z`)),
      );
      expect(occurrencesBetween(daily, 0, at('2040-01-01T00:00Z'))).toHaveLength(1000);
      expect(occurrencesBetween(daily, 0, at('2040-01-01T00:00Z'), 0)).toEqual([]);
    });

    it("finds occurrences decades after the start, on the rule's own grid", () => {
      const everyFiveHours = schedule({
        start: '2027-01-01T00:00',
        durationMinutes: 60,
        timeZone: 'UTC',
        rrule: 'FREQ=HOURLY;INTERVAL=5',
      });
      const from = at('2047-06-01T00:00Z');
      const first =
        Math.ceil((from - at('2027-01-01T00:00Z')) / 18_000_000) * 18_000_000 + at('2027-01-01T00:00Z');
      expect(occurrencesBetween(everyFiveHours, from, from + 12 * 3_600_000).map((o) => o.start)).toEqual(
        [0, 1, 2].map((k) => first + k * 18_000_000),
      );
      const everyThirdSunday = schedule({
        start: '2027-01-03T01:30',
        durationMinutes: 60,
        timeZone: 'Europe/Paris',
        rrule: 'FREQ=WEEKLY;INTERVAL=3;BYDAY=SU',
      });
      // 2047-01-06 is 1044 weeks (3 x 348) after 2027-01-03; 2047-01-13 and -20 are not on the grid
      expect(
        occurrencesBetween(everyThirdSunday, at('2047-01-01T00:00Z'), at('2047-01-20T00:00Z')).map(iso),
      ).toEqual(['2047-01-06T00:30:00.000Z/2047-01-06T01:30:00.000Z']);
    });

    it('finds sparse occurrences years apart (29 February)', () => {
      const leap = schedule({
        start: '2027-01-01T00:00',
        durationMinutes: 60,
        timeZone: 'Asia/Tokyo',
        rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
      });
      expect(occurrencesBetween(leap, 0, at('2037-01-01T00:00Z')).map(iso)).toEqual([
        '2028-02-28T15:00:00.000Z/2028-02-28T16:00:00.000Z',
        '2032-02-28T15:00:00.000Z/2032-02-28T16:00:00.000Z',
        '2036-02-28T15:00:00.000Z/2036-02-28T16:00:00.000Z',
      ]);
    });
  });

  describe('validation', () => {
    const valid = { start: '2027-03-28T01:30', durationMinutes: 120, timeZone: 'Europe/Paris' };

    it.each<[Record<string, unknown>, ScheduleField, string]>([
      [{ start: undefined }, 'start', 'must be a local wall time such as 2027-03-28T01:30, got nothing'],
      [{ start: '2027-03-28T01:30Z' }, 'start', 'without offset or Z, got "2027-03-28T01:30Z"'],
      [{ start: '2027-03-28T01:30+01:00' }, 'start', 'without offset or Z'],
      [{ start: '2027-03-28 01:30' }, 'start', "'YYYY-MM-DDTHH:mm'"],
      [{ start: '2027-02-29T01:30' }, 'start', '"2027-02-29T01:30" is not a real date and time'],
      [{ start: '2027-03-28T24:00' }, 'start', 'is not a real date and time'],
      [{ start: '2027-03-28T01:30:60' }, 'start', 'is not a real date and time'],
      [{ start: '0999-03-28T01:30' }, 'start', 'year must be from 1900 to 9000'],
      [{ durationMinutes: 0 }, 'durationMinutes', 'must be an integer from 1 to 44640 (31 days), got 0'],
      [{ durationMinutes: 44641 }, 'durationMinutes', 'got 44641'],
      [{ durationMinutes: 1.5 }, 'durationMinutes', 'got 1.5'],
      [{ durationMinutes: '60' }, 'durationMinutes', 'got "60"'],
      [{ durationMinutes: Number.NaN }, 'durationMinutes', 'got NaN'],
      [
        { timeZone: 'Mars/Base' },
        'timeZone',
        'must be an IANA time zone such as Europe/Paris, got "Mars/Base"',
      ],
      [{ timeZone: '+01:00' }, 'timeZone', 'got "+01:00"'],
      [{ timeZone: '' }, 'timeZone', 'got ""'],
      [{ rrule: 42 }, 'rrule', 'must be an RRULE value such as FREQ=WEEKLY;BYDAY=SU, got 42'],
      [{ rrule: '  ' }, 'rrule', 'must not be empty: leave it out (or null) for a one-off window'],
      [{ rrule: 'DTSTART:20270328T013000\nRRULE:FREQ=DAILY' }, 'rrule', 'must not contain DTSTART'],
      [{ rrule: 'FREQ=DAILY;DTSTART=20270328T013000' }, 'rrule', 'must not contain DTSTART'],
      [{ rrule: 'FREQ=DAILY\nEXDATE:20270401T013000' }, 'rrule', 'must be one RRULE value'],
      [{ rrule: 'BYDAY=SU' }, 'rrule', 'FREQ is missing'],
      [
        { rrule: 'FREQ=MINUTELY' },
        'rrule',
        'FREQ=MINUTELY is too frequent for a maintenance window: use HOURLY or slower',
      ],
      [{ rrule: 'FREQ=SECONDLY' }, 'rrule', 'FREQ=SECONDLY is too frequent'],
      [
        { rrule: 'FREQ=SOMETIMES' },
        'rrule',
        'FREQ must be one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, got "SOMETIMES"',
      ],
      [{ rrule: 'FREQ=DAILY;;COUNT=2' }, 'rrule', '"" is not NAME=VALUE'],
      [{ rrule: 'FREQ=DAILY;FREQ=WEEKLY' }, 'rrule', 'FREQ is given twice'],
      [{ rrule: 'FREQ=DAILY;FOO=1' }, 'rrule', 'unknown part FOO'],
      [{ rrule: 'FREQ=DAILY;COUNT=0' }, 'rrule', 'COUNT must be a positive integer, got "0"'],
      [{ rrule: 'FREQ=DAILY;INTERVAL=-1' }, 'rrule', 'INTERVAL must be a positive integer'],
      [{ rrule: 'FREQ=DAILY;COUNT=2;UNTIL=20270501T000000Z' }, 'rrule', 'COUNT and UNTIL exclude each other'],
      [{ rrule: 'FREQ=DAILY;UNTIL=2027' }, 'rrule', 'UNTIL must be a date (20271231) or date-time'],
      [{ rrule: 'FREQ=DAILY;UNTIL=20270230' }, 'rrule', 'UNTIL must be a date'],
      [
        { rrule: 'FREQ=WEEKLY;BYDAY=XX' },
        'rrule',
        'BYDAY values must be weekdays (MO..SU, e.g. 1MO or -1FR), got "XX"',
      ],
      [{ rrule: 'FREQ=WEEKLY;BYDAY=1SU' }, 'rrule', 'BYDAY with a number (1SU) needs FREQ=MONTHLY or YEARLY'],
      [{ rrule: 'FREQ=MONTHLY;BYDAY=6SU' }, 'rrule', 'BYDAY 6SU: the number must be 1 to 5'],
      [{ rrule: 'FREQ=DAILY;BYHOUR=24' }, 'rrule', 'BYHOUR values must be 0 to 23, got "24"'],
      [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=0' }, 'rrule', 'BYMONTHDAY values must be ±1 to ±31, got "0"'],
      [{ rrule: 'FREQ=WEEKLY;BYMONTHDAY=1' }, 'rrule', 'BYMONTHDAY cannot be used with FREQ=WEEKLY'],
      [{ rrule: 'FREQ=MONTHLY;BYWEEKNO=1' }, 'rrule', 'BYWEEKNO cannot be used with FREQ=MONTHLY'],
      [{ rrule: 'FREQ=DAILY;BYSETPOS=1' }, 'rrule', 'BYSETPOS needs another BYxxx part'],
      [{ rrule: 'FREQ=DAILY;WKST=XY' }, 'rrule', 'WKST must be a weekday'],
      [
        { rrule: 'FREQ=DAILY;UNTIL=20270301T000000Z' },
        'rrule',
        'the rule produces no occurrence from start on',
      ],
      [{ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' }, 'rrule', 'the BYxxx parts match no day'],
      [{ rrule: 'FREQ=HOURLY;INTERVAL=2;BYHOUR=2,4' }, 'rrule', 'FREQ=HOURLY never reaches BYHOUR=2,4'],
      [
        { rrule: 'FREQ=DAILY;INTERVAL=14;BYDAY=MO' },
        'rrule',
        'every 2 week(s) from a Sunday never falls on BYDAY',
      ],
      [
        { durationMinutes: 1500, rrule: 'FREQ=DAILY' },
        'rrule',
        'occurrences would overlap: the one starting 2027-03-28T00:30:00.000Z lasts 1500 minutes, but the next starts 1380 minutes later, at 2027-03-28T23:30:00.000Z; make durationMinutes at most 1380',
      ],
      [
        // daily 23:30 for 24 h is fine except across the spring-forward night: 23 h apart
        { start: '2027-01-01T23:30', durationMinutes: 1440, rrule: 'FREQ=DAILY' },
        'rrule',
        'the next starts 1380 minutes later, at 2027-03-28T21:30:00.000Z',
      ],
      // the smallest gap is named: 28 February to 28 March 2029, less the hour DST takes
      [{ durationMinutes: 44640, rrule: 'FREQ=MONTHLY' }, 'rrule', 'make durationMinutes at most 40260'],
    ])('refuses %j: %s %s', (change, field, reason) => {
      expect(parseSchedule({ ...valid, ...change })).toEqual({
        ok: false,
        field,
        reason: expect.stringContaining(reason),
      });
    });

    it.each<Record<string, unknown>>([
      { rrule: null },
      { rrule: 'FREQ=DAILY' }, // 2 h a day
      { durationMinutes: 1380, rrule: 'FREQ=DAILY' }, // 23 h: fits the spring-forward night too
      { durationMinutes: 40260, rrule: 'FREQ=MONTHLY' },
      { start: '2027-03-28T03:30', durationMinutes: 60, rrule: 'FREQ=HOURLY;BYHOUR=1,3' },
      { rrule: 'FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=1;BYMINUTE=30' },
      { rrule: 'FREQ=YEARLY;BYWEEKNO=13;BYDAY=SU' },
      { rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1' },
      { start: '2027-03-28T01:30:15', rrule: 'FREQ=WEEKLY;INTERVAL=2;WKST=MO;UNTIL=20280101' },
    ])('accepts %j', (change) => {
      expect(parseSchedule({ ...valid, ...change }).ok).toBe(true);
    });
  });

  it('is in an occurrence exactly when one listed around the instant holds it', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'UTC', 'America/Santiago'];
    const rules = [
      null,
      'FREQ=DAILY',
      'FREQ=WEEKLY;BYDAY=SU,WE',
      'FREQ=HOURLY;INTERVAL=5',
      'FREQ=MONTHLY;BYDAY=-1SU',
      'FREQ=DAILY;COUNT=20',
      'FREQ=WEEKLY;UNTIL=20271201T000000Z',
    ];
    const start = Date.parse('2026-10-01T00:00Z');
    const span = 3 * 366 * 86_400_000;
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...rules),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 95 }).map((quarter) => quarter * 15),
        fc.integer({ min: 1, max: 3 * 24 * 60 }),
        fc.array(fc.integer({ min: 0, max: span }), { minLength: 1, maxLength: 10 }),
        (timeZone, rrule, day, minute, durationMinutes, offsets) => {
          const wall = new Date(start + day * 86_400_000 + minute * 60_000).toISOString().slice(0, 16);
          const result = parseSchedule({ start: wall, durationMinutes, timeZone, rrule });
          fc.pre(result.ok);
          if (!result.ok) return;
          for (const offset of offsets) {
            const t = start + offset;
            const listed = occurrencesBetween(result.schedule, t - 31 * 86_400_000, t + 1);
            const holding = listed.find((o) => o.start <= t && t < o.end) ?? null;
            expect(occurrenceAt(result.schedule, t)).toEqual(holding);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
