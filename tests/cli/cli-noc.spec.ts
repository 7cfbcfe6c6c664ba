import type { Feedback, MaintenanceWindow, Silence } from '../../scripts/cli/api-types';
import { parseCli } from '../../scripts/cli/cli-args';
import { UsageError } from '../../scripts/cli/cli-errors';
import { minutesText } from '../../scripts/cli/noc-output';
import { fakeFetch, json, newTicket, NOW, runWith } from './cli-test-kit';

// NOC operations (issue 10): maintenance windows, silences, false-positive feedback.

const WINDOW_ID = '7a1b2c3d-0000-4000-8000-00000000000a';
const SILENCE_ID = '5e1e0ce0-0000-4000-8000-00000000000b';
const FEEDBACK_ID = 'fb000001-0000-4000-8000-00000000000c';

const command = (argv: string[]) => {
  const invocation = parseCli(argv, {}, NOW);
  if (invocation.kind !== 'command') throw new Error(`not a command: ${invocation.kind}`);
  return invocation.command;
};

function newWindow(overrides: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  return {
    id: WINDOW_ID,
    tenant: 'acme',
    devices: ['rtr-01', 'rtr-02'],
    site: null,
    start: '2027-03-28T01:30',
    durationMinutes: 120,
    timeZone: 'Europe/Paris',
    rrule: 'FREQ=WEEKLY;BYDAY=SU',
    comment: 'Sunday upgrades',
    createdBy: 'key:noc-shift',
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
    version: 1,
    active: false,
    currentOccurrence: null,
    nextOccurrence: { start: '2026-01-11T00:30:00.000Z', end: '2026-01-11T02:30:00.000Z' },
    ...overrides,
  };
}

function newSilence(overrides: Partial<Silence> = {}): Silence {
  return {
    id: SILENCE_ID,
    tenant: 'acme',
    device: 'rtr-01',
    site: null,
    failureMode: 'overheating',
    comment: 'fan swap',
    startsAt: '2026-01-05T10:00:00.000Z',
    endsAt: '2026-01-05T12:00:00.000Z',
    untilResolved: false,
    ticketIds: [],
    createdBy: 'key:noc-shift',
    createdAt: '2026-01-05T10:00:00.000Z',
    state: 'active',
    expiredAt: null,
    expiredBy: null,
    ...overrides,
  };
}

const feedback: Feedback = {
  id: FEEDBACK_ID,
  tenant: 'acme',
  device: 'rtr-01',
  failureMode: 'overheating',
  metrics: ['temperature', 'fan_speed'],
  ticketId: '3f2a9c1e-0000-4000-8000-000000000001',
  comment: 'fan test',
  rule: 'until 2026-01-19T09:00:00.000Z, overheating evidence on temperature, fan_speed of rtr-01 counts only beyond ...',
  createdBy: 'key:noc-shift',
  createdAt: '2026-01-05T09:00:00.000Z',
  expiresAt: '2026-01-19T09:00:00.000Z',
  active: true,
  revokedAt: null,
  revokedBy: null,
};

const CREATE = [
  'windows',
  'create',
  '--tenant',
  'acme',
  '--device',
  'rtr-01',
  '--device',
  'rtr-02',
  '--start',
  '2027-03-28T01:30',
  '--duration',
  '2h',
  '--tz',
  'Europe/Paris',
  '--rrule',
  'FREQ=WEEKLY;BYDAY=SU',
  '--comment',
  'Sunday upgrades',
];

describe('npm run cli: maintenance windows, silences, feedback', () => {
  describe('command line', () => {
    it('reads windows commands', () => {
      expect(command(CREATE)).toEqual({
        name: 'windows create',
        window: {
          tenant: 'acme',
          devices: ['rtr-01', 'rtr-02'],
          site: undefined,
          start: '2027-03-28T01:30',
          durationMinutes: 120,
          timeZone: 'Europe/Paris',
          rrule: 'FREQ=WEEKLY;BYDAY=SU',
          comment: 'Sunday upgrades',
        },
      });
      expect(command(['windows', 'update', WINDOW_ID, '--duration', '1h30m', '--rrule', 'none'])).toEqual({
        name: 'windows update',
        id: WINDOW_ID,
        window: {
          devices: undefined,
          site: undefined,
          start: undefined,
          durationMinutes: 90,
          timeZone: undefined,
          rrule: null,
          comment: undefined,
        },
      });
      expect(command(['windows', 'list', '--active', '--tenant', 'acme'])).toEqual({
        name: 'windows list',
        tenant: 'acme',
        active: true,
      });
      expect(command([...CREATE, '--rrule', 'NONE'])).toMatchObject({ window: { rrule: null } });
      expect(command(['windows', 'list'])).toEqual({
        name: 'windows list',
        tenant: undefined,
        active: false,
      });
      expect(command(['windows', 'show', WINDOW_ID])).toEqual({ name: 'windows show', id: WINDOW_ID });
      expect(command(['windows', 'delete', WINDOW_ID])).toEqual({ name: 'windows delete', id: WINDOW_ID });
    });

    it('reads silences and feedback commands, turning --for into an end time from now', () => {
      expect(
        command([
          'silences',
          'create',
          '--tenant',
          'acme',
          '--device',
          'rtr-01',
          '--failure-mode',
          'overheating',
          '--for',
          '2h',
          '--comment',
          'fan swap',
        ]),
      ).toEqual({
        name: 'silences create',
        silence: {
          tenant: 'acme',
          device: 'rtr-01',
          site: undefined,
          failureMode: 'overheating',
          comment: 'fan swap',
          endsAt: '2026-01-05T12:00:00.000Z',
        },
      });
      expect(
        command([
          'silences',
          'create',
          '--tenant',
          'acme',
          '--until',
          '2026-01-05T13:00:00+01:00',
          '--comment',
          'c',
        ]),
      ).toMatchObject({ silence: { endsAt: '2026-01-05T12:00:00.000Z' } });
      expect(
        command([
          'silences',
          'create',
          '--site',
          'paris-1',
          '--tenant',
          'acme',
          '--until-resolved',
          '--comment',
          'c',
        ]),
      ).toEqual({
        name: 'silences create',
        silence: {
          tenant: 'acme',
          device: undefined,
          site: 'paris-1',
          failureMode: undefined,
          comment: 'c',
          untilResolved: true,
        },
      });
      expect(command(['silences', 'list', '--state', 'expired'])).toEqual({
        name: 'silences list',
        state: 'expired',
        tenant: undefined,
      });
      expect(command(['silences', 'expire', SILENCE_ID])).toEqual({
        name: 'silences expire',
        id: SILENCE_ID,
      });
      expect(command(['tickets', 'resolve', 'T1', '--false-positive', '--comment', 'fan test'])).toEqual({
        name: 'tickets resolve',
        id: 'T1',
        comment: 'fan test',
        falsePositive: true,
      });
      expect(command(['feedback', 'list', '--device', 'rtr-01'])).toEqual({
        name: 'feedback list',
        tenant: undefined,
        device: 'rtr-01',
      });
      expect(command(['feedback', 'undo', FEEDBACK_ID])).toEqual({ name: 'feedback undo', id: FEEDBACK_ID });
    });

    it.each([
      ['90m', 90],
      ['2h', 120],
      ['1h30m', 90],
      ['1d', 1440],
      ['31d', 44640],
    ])('reads --duration %s as %i minutes, and writes it back', (text, minutes) => {
      const once = [...CREATE, '--rrule', 'none'];
      expect(command(once.map((arg) => (arg === '2h' ? text : arg)))).toMatchObject({
        window: { durationMinutes: minutes },
      });
      expect(minutesText(minutes)).toBe(text === '90m' ? '1h30m' : text);
    });

    const without = (flag: string) => {
      const index = CREATE.indexOf(flag);
      return [...CREATE.slice(0, index), ...CREATE.slice(index + 2)];
    };
    const replace = (flag: string, value: string) =>
      CREATE.map((arg, i) => (CREATE[i - 1] === flag ? value : arg));

    it.each([
      [without('--tenant'), 'missing --tenant'],
      [without('--start'), 'missing --start'],
      [without('--duration'), 'missing --duration'],
      [without('--tz'), 'missing --tz'],
      [without('--comment'), 'missing --comment'],
      [replace('--duration', '2 hours'), '--duration must be a duration such as 90m, 2h, 1h30m or 1d'],
      [
        replace('--duration', '30m2h'),
        '--duration must be a duration such as 90m, 2h, 1h30m or 1d (days, hours, minutes in that order), got "30m2h"',
      ],
      [replace('--duration', '0m'), '--duration must be a duration'],
      [replace('--duration', '32d'), '--duration must be at most 31d, got "32d"'],
      [replace('--start', '2027-03-28T01:30Z'), '--start: must be a local wall time'],
      [replace('--start', '2027-02-30T01:30'), '--start: "2027-02-30T01:30" is not a real date and time'],
      [replace('--tz', 'Paris'), '--tz: must be an IANA time zone such as Europe/Paris, got "Paris"'],
      [replace('--rrule', 'FREQ=MINUTELY'), '--rrule: FREQ=MINUTELY is too frequent'],
      [
        replace('--rrule', 'FREQ=DAILY;COUNT=2;UNTIL=20270501T000000Z'),
        '--rrule: COUNT and UNTIL exclude each other',
      ],
      [
        replace('--duration', '25h').map((a) => (a === 'FREQ=WEEKLY;BYDAY=SU' ? 'FREQ=DAILY' : a)),
        '--rrule: occurrences would overlap',
      ],
      [replace('--rrule', 'FREQ=DAILY;BYDAY=SU;BYDAY=MO'), '--rrule: BYDAY is given twice'],
      [[...CREATE, '--device', ' '], '--device must not be empty'],
      [[...CREATE, '--active'], 'unknown flag --active for "windows create"'],
      [['windows', 'update', WINDOW_ID], 'nothing to change: give at least one flag'],
      [['windows', 'update', WINDOW_ID, '--tz', 'Mars/Base'], '--tz: must be an IANA time zone'],
      [['windows', 'update', WINDOW_ID, '--start', 'tomorrow'], '--start: must be a local wall time'],
      [
        ['windows', 'update', WINDOW_ID, '--rrule', 'FREQ=WEEKLY;BYDAY=1SU'],
        '--rrule: BYDAY with a number (1SU)',
      ],
      [['windows', 'update', WINDOW_ID, '--tenant', 'x'], 'unknown flag --tenant for "windows update"'],
      [['windows', 'list', '--active=yes'], 'flag --active takes no value'],
      [['windows', 'show'], 'missing ID'],
      [
        ['silences', 'create', '--tenant', 'acme', '--comment', 'c'],
        'missing the end: give --until TIME, --for DURATION or --until-resolved',
      ],
      [
        [
          'silences',
          'create',
          '--tenant',
          'acme',
          '--for',
          '1h',
          '--until',
          '2027-01-01T00:00:00Z',
          '--comment',
          'c',
        ],
        '--until and --for exclude each other: give one end',
      ],
      [
        ['silences', 'create', '--tenant', 'acme', '--for', '1h', '--until-resolved', '--comment', 'c'],
        '--for and --until-resolved exclude each other',
      ],
      [
        ['silences', 'create', '--tenant', 'acme', '--until', '2027-01-01T00:00', '--comment', 'c'],
        '--until must be an RFC 3339 time with a zone',
      ],
      [
        ['silences', 'create', '--tenant', 'acme', '--until', '2026-01-05T09:00:00Z', '--comment', 'c'],
        '--until must be in the future, got 2026-01-05T09:00:00Z',
      ],
      [
        ['silences', 'create', '--tenant', 'acme', '--until', '2027-01-07T00:00:00Z', '--comment', 'c'],
        '--until must be within 366 days, got 2027-01-07T00:00:00Z',
      ],
      [
        ['silences', 'create', '--tenant', 'acme', '--for', 'a while', '--comment', 'c'],
        '--for must be a duration such as 90m',
      ],
      [
        ['silences', 'create', '--tenant', 'acme', '--for', '400d', '--comment', 'c'],
        '--for must be at most 366d',
      ],
      [['silences', 'create', '--tenant', 'acme', '--for', '1h'], 'missing --comment'],
      [['silences', 'create', '--for', '1h', '--comment', 'c'], 'missing --tenant'],
      [['silences', 'list', '--state', 'muted'], '--state must be one of active, expired, got "muted"'],
      [
        ['tickets', 'resolve', 'T1', '--false-positive'],
        'missing --comment: a false-positive resolution needs one',
      ],
      [['tickets', 'ack', 'T1', '--false-positive'], 'unknown flag --false-positive for "tickets ack"'],
      [['feedback', 'undo'], 'missing ID'],
      [['feedback', 'list', '--failure-mode', 'x'], 'unknown flag --failure-mode for "feedback list"'],
    ])('refuses %j with exit 2 before any request', async (argv, message) => {
      expect(() => parseCli(argv, {}, NOW)).toThrow(UsageError);
      const result = await runWith(argv);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`error: ${message}`);
      expect(result.stderr).toContain('usage: npm run cli --');
    });

    it('lists the new groups in --help, with their flags', () => {
      const help = parseCli(['--help'], {});
      const text = help.kind === 'help' ? help.text : '';
      for (const line of [
        'windows create --tenant T',
        'silences create --tenant T',
        'feedback undo ID',
        'devices retire TENANT DEVICE --comment TEXT',
      ])
        expect(text).toContain(line);
      const silences = parseCli(['silences', 'create', '--help'], {});
      expect(silences.kind === 'help' && silences.text).toContain(
        '--until-resolved until the open tickets it matches now resolve',
      );
    });
  });

  describe('requests and output', () => {
    it('creates a window: the body, and one line saying when it runs next', async () => {
      const { fetch, calls } = fakeFetch(() => json(newWindow(), 201));
      const result = await runWith(CREATE, { fetch });
      expect(calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
        [
          'POST',
          '/api/v1/maintenance-windows',
          {
            tenant: 'acme',
            devices: ['rtr-01', 'rtr-02'],
            start: '2027-03-28T01:30',
            durationMinutes: 120,
            timeZone: 'Europe/Paris',
            rrule: 'FREQ=WEEKLY;BYDAY=SU',
            comment: 'Sunday upgrades',
          },
        ],
      ]);
      expect(result).toEqual({
        code: 0,
        stdout: `created window ${WINDOW_ID} (acme, rtr-01,rtr-02): 2027-03-28T01:30 Europe/Paris 2h FREQ=WEEKLY;BYDAY=SU; next: 2026-01-11T00:30Z (in 6d)\n`,
        stderr: '',
      });
      expect(JSON.parse((await runWith([...CREATE, '-o', 'json'], { fetch })).stdout)).toEqual(newWindow());
    });

    it('updates only what was given (PATCH), null for --rrule none', async () => {
      const running = newWindow({
        rrule: null,
        durationMinutes: 90,
        active: true,
        currentOccurrence: { start: '2026-01-05T09:30:00.000Z', end: '2026-01-05T11:00:00.000Z' },
      });
      const { fetch, calls } = fakeFetch(() => json(running));
      const result = await runWith(['windows', 'update', WINDOW_ID, '--duration', '90m', '--rrule', 'none'], {
        fetch,
      });
      expect(calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
        ['PATCH', `/api/v1/maintenance-windows/${WINDOW_ID}`, { durationMinutes: 90, rrule: null }],
      ]);
      expect(result.stdout).toBe(
        `updated window ${WINDOW_ID} (acme, rtr-01,rtr-02): 2027-03-28T01:30 Europe/Paris 1h30m once; next: now, until 2026-01-05T11:00Z (in 1h 0m)\n`,
      );
    });

    it('lists windows as a table with the filters as query parameters', async () => {
      const site = newWindow({ id: 'w2', devices: null, site: 'paris-1', nextOccurrence: null, rrule: null });
      const { fetch, calls } = fakeFetch(() => json({ items: [newWindow(), site] }));
      const { stdout } = await runWith(['windows', 'list', '--tenant', 'acme', '--active'], { fetch });
      expect(calls[0].url.search).toBe('?tenant=acme&active=true');
      expect(stdout.split('\n')).toEqual([
        'ID                                    TENANT  SCOPE          SCHEDULE                                               ACTIVE  NEXT',
        `${WINDOW_ID}  acme    rtr-01,rtr-02  2027-03-28T01:30 Europe/Paris 2h FREQ=WEEKLY;BYDAY=SU  no      2026-01-11T00:30Z (in 6d)`,
        'w2                                    acme    site paris-1   2027-03-28T01:30 Europe/Paris 2h once                  no      -',
        '',
      ]);
      const empty = await runWith(
        ['windows', 'list'],
        fakeFetch(() => json({ items: [] })),
      );
      expect(empty.stderr).toBe('no maintenance windows\n');
    });

    it('shows a window field by field', async () => {
      const { stdout } = await runWith(
        ['windows', 'show', WINDOW_ID],
        fakeFetch(() => json(newWindow())),
      );
      expect(stdout).toContain(`window    ${WINDOW_ID}`);
      expect(stdout).toContain('start     2027-03-28T01:30 (local time, Europe/Paris)');
      expect(stdout).toContain('repeats   FREQ=WEEKLY;BYDAY=SU');
      expect(stdout).toContain('next      2026-01-11T00:30Z to 2026-01-11T02:30Z (in 6d)');
      expect(stdout).toContain('created   2026-01-05T09:00Z (1h 0m ago) by key:noc-shift');
    });

    it('deletes a window (204, no body)', async () => {
      const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
      const result = await runWith(['windows', 'delete', WINDOW_ID], { fetch });
      expect(calls[0].method).toBe('DELETE');
      expect(result).toEqual({ code: 0, stdout: `deleted window ${WINDOW_ID}\n`, stderr: '' });
      const asJson = await runWith(['windows', 'delete', WINDOW_ID, '-o', 'json'], { fetch });
      expect(JSON.parse(asJson.stdout)).toEqual({ id: WINDOW_ID, deleted: true });
    });

    it('creates, lists and expires silences', async () => {
      const { fetch, calls } = fakeFetch((call) =>
        call.method === 'GET'
          ? json({
              items: [
                newSilence(),
                newSilence({
                  id: 's2',
                  device: null,
                  failureMode: null,
                  endsAt: null,
                  untilResolved: true,
                  ticketIds: ['t1'],
                }),
                newSilence({ id: 's3', state: 'expired', expiredAt: '2026-01-05T09:00:00.000Z' }),
              ],
            })
          : json(
              call.method === 'POST'
                ? newSilence()
                : newSilence({ state: 'expired', expiredAt: '2026-01-05T10:00:00.000Z' }),
              201,
            ),
      );
      const created = await runWith(
        [
          'silences',
          'create',
          '--tenant',
          'acme',
          '--device',
          'rtr-01',
          '--failure-mode',
          'overheating',
          '--for',
          '2h',
          '--comment',
          'fan swap',
        ],
        { fetch },
      );
      expect(calls[0].body).toEqual({
        tenant: 'acme',
        device: 'rtr-01',
        failureMode: 'overheating',
        comment: 'fan swap',
        endsAt: '2026-01-05T12:00:00.000Z',
      });
      expect(created.stdout).toBe(
        `created silence ${SILENCE_ID} (acme, device=rtr-01 failureMode=overheating): active, ends 2026-01-05T12:00Z (in 2h 0m)\n`,
      );
      const listed = await runWith(['silences', 'list', '--state', 'active', '--tenant', 'acme'], { fetch });
      expect(calls[1].url.search).toBe('?state=active&tenant=acme');
      expect(listed.stdout.split('\n')).toEqual([
        'ID                                    TENANT  MATCHERS                               STATE    ENDS                          TICKETS  COMMENT',
        `${SILENCE_ID}  acme    device=rtr-01 failureMode=overheating  active   2026-01-05T12:00Z (in 2h 0m)  0        fan swap`,
        's2                                    acme    every ticket                           active   when its ticket resolves      1        fan swap',
        's3                                    acme    device=rtr-01 failureMode=overheating  expired  expired 2026-01-05T09:00Z     0        fan swap',
        '',
      ]);
      const expired = await runWith(['silences', 'expire', SILENCE_ID], { fetch });
      expect(calls[2].method).toBe('DELETE');
      expect(calls[2].url.pathname).toBe(`/api/v1/silences/${SILENCE_ID}`);
      expect(expired.stdout).toBe(
        `expired silence ${SILENCE_ID} (acme, device=rtr-01 failureMode=overheating): expired, ends expired 2026-01-05T10:00Z\n`,
      );
    });

    it('resolves a ticket as a false positive, with its comment', async () => {
      const ticket = newTicket();
      const { fetch, calls } = fakeFetch(() => json({ ...ticket, status: 'resolved' }));
      const result = await runWith(
        ['tickets', 'resolve', ticket.id, '--false-positive', '--comment', 'fan test'],
        {
          fetch,
        },
      );
      expect(calls.map((c) => [c.url.pathname, c.body])).toEqual([
        [`/api/v1/tickets/${ticket.id}/resolve`, { comment: 'fan test', falsePositive: true }],
      ]);
      expect(result.stdout).toBe(`ticket ${ticket.id} (acme/rtr-01 overheating, major): resolved\n`);
    });

    it('lists and undoes feedback', async () => {
      const undoneEarlier = { ...feedback, id: 'f2', active: false, revokedAt: '2026-01-05T09:30:00.000Z' };
      const expired = { ...feedback, id: 'f3', active: false, expiresAt: '2026-01-04T09:00:00.000Z' };
      const { fetch, calls } = fakeFetch((call) =>
        json(
          call.method === 'GET'
            ? { items: [feedback, undoneEarlier, expired] }
            : { ...feedback, active: false, revokedAt: '2026-01-05T10:00:00.000Z' },
        ),
      );
      const listed = await runWith(['feedback', 'list', '--tenant', 'acme', '--device', 'rtr-01'], { fetch });
      expect(calls[0].url.search).toBe('?tenant=acme&device=rtr-01');
      expect(listed.stdout.split('\n')).toEqual([
        'ID                                    TENANT/DEVICE  FAILURE MODE  METRICS                TICKET    STATE                     EXPIRES                         COMMENT',
        `${FEEDBACK_ID}  acme/rtr-01    overheating   temperature,fan_speed  3f2a9c1e  active                    2026-01-19T09:00Z (in 14d)      fan test`,
        'f2                                    acme/rtr-01    overheating   temperature,fan_speed  3f2a9c1e  undone 2026-01-05T09:30Z  2026-01-19T09:00Z (in 14d)      fan test',
        'f3                                    acme/rtr-01    overheating   temperature,fan_speed  3f2a9c1e  expired                   2026-01-04T09:00Z (25h 0m ago)  fan test',
        '',
      ]);
      const undone = await runWith(['feedback', 'undo', FEEDBACK_ID], { fetch });
      expect(calls[1].method).toBe('DELETE');
      expect(calls[1].url.pathname).toBe(`/api/v1/feedback/${FEEDBACK_ID}`);
      expect(undone.stdout).toBe(`undid feedback ${FEEDBACK_ID} (acme/rtr-01 overheating)\n`);
      const empty = await runWith(
        ['feedback', 'list'],
        fakeFetch(() => json({ items: [] })),
      );
      expect(empty).toEqual({
        code: 0,
        stdout: expect.stringMatching(/^ID +TENANT\/DEVICE/),
        stderr: 'no feedback\n',
      });
    });

    it('retires a device, lists the retired ones and undoes a retirement', async () => {
      const record = {
        tenant: 'acme',
        device: 'olt-7',
        comment: 'replaced by olt-8',
        retiredBy: 'night shift (key 6f1c)',
        retiredAt: '2026-01-05T09:00:00.000Z',
      };
      const { fetch, calls } = fakeFetch((call) =>
        call.method === 'PUT'
          ? json({ ...record, resolvedTickets: ['t1', 't2'] })
          : call.method === 'DELETE'
            ? new Response(null, { status: 204 })
            : json({ items: [record] }),
      );
      const retired = await runWith(
        ['devices', 'retire', 'acme', 'olt-7', '--comment', 'replaced by olt-8'],
        {
          fetch,
        },
      );
      expect(calls[0]).toMatchObject({ method: 'PUT', body: { comment: 'replaced by olt-8' } });
      expect(calls[0].url.pathname).toBe('/api/v1/retired-devices/acme/olt-7');
      expect(retired.stdout).toBe('retired acme/olt-7; resolved 2 ticket(s): t1, t2\n');
      const listed = await runWith(['devices', 'retired', '--tenant', 'acme'], { fetch });
      expect(calls[1].url.search).toBe('?tenant=acme');
      expect(listed.stdout.split('\n')).toEqual([
        'TENANT/DEVICE  RETIRED            BY                      COMMENT',
        'acme/olt-7     2026-01-05T09:00Z  night shift (key 6f1c)  replaced by olt-8',
        '',
      ]);
      const undone = await runWith(['devices', 'unretire', 'acme', 'olt-7'], { fetch });
      expect(calls[2].method).toBe('DELETE');
      expect(calls[2].url.pathname).toBe('/api/v1/retired-devices/acme/olt-7');
      expect(undone.stdout).toBe('acme/olt-7 is no longer retired\n');
      const missing = await runWith(['devices', 'retire', 'acme', 'olt-7'], { fetch });
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('--comment');
    });

    it('prints the operations report of a period (overall, then per failure mode); a bad time is a usage error', async () => {
      const figures = (opened: number, ackMin: number | null) => ({
        opened,
        stillOpen: 1,
        timeToAcknowledge: {
          count: ackMin === null ? 0 : opened,
          medianMs: ackMin === null ? null : ackMin * 60_000,
          p90Ms: ackMin === null ? null : 3 * ackMin * 60_000,
        },
        timeToResolve: { count: 1, medianMs: 90 * 60_000, p90Ms: 150 * 60_000 },
        resolved: { manual: 1, auto: 0, falsePositive: 0 },
        falsePositiveShare: opened === 1 ? null : 0.25,
        escalated: 1,
        warningLead: { count: 0, medianMs: null, p90Ms: null },
      });
      const report = {
        from: Date.UTC(2026, 0, 5),
        to: Date.UTC(2026, 0, 12),
        tenant: 'acme',
        ...figures(5, 12),
        byFailureMode: [{ failureMode: 'overheating', ...figures(1, null) }],
      };
      const { fetch, calls } = fakeFetch(() => json(report));
      const printed = await runWith(
        [
          'reports',
          'operations',
          '--tenant',
          'acme',
          '--from',
          '2026-01-05T00:00:00Z',
          '--to',
          '2026-01-12T00:00:00Z',
        ],
        { fetch },
      );
      expect(calls[0].url.pathname).toBe('/api/v1/reports/operations');
      expect(Object.fromEntries(calls[0].url.searchParams)).toEqual({
        tenant: 'acme',
        from: '2026-01-05T00:00:00Z',
        to: '2026-01-12T00:00:00Z',
      });
      expect(printed.stdout.split('\n')).toEqual([
        'tickets opened 2026-01-05T00:00Z to 2026-01-12T00:00Z (acme)',
        'FAILURE MODE  OPENED  OPEN  ACK (MEDIAN/P90)  RESOLVE (MEDIAN/P90)  FALSE POS.  ESCALATED  LEAD (MEDIAN/P90)',
        'all           5       1     12m / 36m         1h30m / 2h30m         25 %        1          -',
        'overheating   1       1     -                 1h30m / 2h30m         -           1          -',
        '',
      ]);
      const json_ = await runWith(['reports', 'operations', '-o', 'json'], { fetch });
      expect(JSON.parse(json_.stdout)).toEqual(report);
      expect(calls[1].url.search).toBe('');
      const bad = await runWith(['reports', 'operations', '--from', 'last week'], { fetch });
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('--from must be an RFC 3339 time with a zone');
      expect(calls).toHaveLength(2);
    });

    it('maps the 422 naming the field to exit 6, the 404 of another tenant to exit 4', async () => {
      const refused = await runWith(
        CREATE,
        fakeFetch(
          () =>
            new Response(
              JSON.stringify({
                type: 'x',
                title: 'T',
                status: 422,
                detail: 'site is unknown',
                parameter: 'site',
              }),
              { status: 422, headers: { 'content-type': 'application/problem+json' } },
            ),
        ),
      );
      expect(refused.code).toBe(6);
      expect(refused.stderr).toContain('error: site is unknown (parameter: site)');
      const missing = await runWith(
        ['silences', 'expire', SILENCE_ID],
        fakeFetch(
          () =>
            new Response(
              JSON.stringify({
                type: 'x',
                title: 'T',
                status: 404,
                detail: `silence ${SILENCE_ID} does not exist`,
              }),
              {
                status: 404,
              },
            ),
        ),
      );
      expect(missing.code).toBe(4);
    });
  });
});
