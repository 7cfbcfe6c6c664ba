import type { CreatedKey, KeyRecord } from '../../scripts/cli/api-types';
import { clean, minute, relative, table, toJson } from '../../scripts/cli/output';
import { fakeFetch, json, KEY, newTicket, NOW, runWith } from './cli-test-kit';

const record: KeyRecord = {
  id: '11111111-2222-4333-8444-555555555555',
  name: 'Otherco portal',
  role: 'customer',
  tenant: 'otherco',
  prefix: 'pk_live_AbCd',
  createdAt: '2026-01-05T09:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};
const NEW_KEY = 'pk_live_AbCd' + 'x'.repeat(39);

describe('npm run cli: output', () => {
  it('pads columns to the widest cell, without trailing blanks', () => {
    expect(
      table(
        ['ID', 'NAME', 'X'],
        [
          ['1', 'a', ''],
          ['22', 'bbbb', 'z'],
        ],
      ),
    ).toBe('ID  NAME  X\n1   a\n22  bbbb  z\n');
  });

  it('never lets server text drive the terminal', () => {
    expect(clean('ok\u001b[31mred\u009b2J\nline\tx')).toBe('ok?[31mred?2J line x');
    expect(table(['A'], [['\u001b]0;title\u0007']])).toBe('A\n?]0;title?\n');
    expect(toJson({ comment: '\u009b2J\u001b' })).toBe('{\n  "comment": "\\u009b2J\\u001b"\n}\n');
  });

  it('writes times to the minute, and how far they are', () => {
    expect(minute('2026-01-05T16:00:00.000Z')).toBe('2026-01-05T16:00Z');
    expect(minute(null)).toBe('-');
    expect(relative('2026-01-05T16:00:00.000Z', NOW)).toBe('in 6h 0m');
    expect(relative('2026-01-05T09:15:00.000Z', NOW)).toBe('45m ago');
    expect(relative('2026-01-09T10:00:00.000Z', NOW)).toBe('in 4d');
    expect(relative('2026-01-05T10:00:20.000Z', NOW)).toBe('now');
  });

  describe('keys create', () => {
    const created: CreatedKey = { ...record, key: NEW_KEY };
    const api = () => fakeFetch(() => json(created, 201));
    const argv = ['keys', 'create', '--role', 'customer', '--tenant', 'otherco', '--name', 'Otherco portal'];

    it('posts {name, role, tenant} with the bearer key', async () => {
      const { fetch, calls } = api();
      expect((await runWith(argv, { fetch })).code).toBe(0);
      expect(calls).toHaveLength(1);
      expect(calls[0].method).toBe('POST');
      expect(calls[0].url.href).toBe('http://127.0.0.1:8080/api/v1/keys');
      expect(calls[0].headers.get('authorization')).toBe(`Bearer ${KEY}`);
      expect(calls[0].body).toEqual({ name: 'Otherco portal', role: 'customer', tenant: 'otherco' });
    });

    it('prints the new key alone on stdout, its details (never the key) on stderr', async () => {
      const { stdout, stderr } = await runWith(argv, api());
      expect(stdout).toBe(`${NEW_KEY}\n`);
      for (const detail of [record.id, 'Otherco portal', 'customer', 'otherco', 'pk_live_AbCd', 'shown once'])
        expect(stderr).toContain(detail);
      expect(stderr).not.toContain(NEW_KEY);
      expect(stderr).not.toContain(KEY);
    });

    it('prints the whole answer, key included, as JSON with --output json', async () => {
      const { stdout } = await runWith([...argv, '-o', 'json'], api());
      expect(JSON.parse(stdout)).toEqual(created);
    });
  });

  it('lists keys as a table (prefixes, dashes for nothing) or as JSON', async () => {
    const revoked = { ...record, id: 'r', name: 'old', revokedAt: '2026-01-05T09:30:00.000Z' };
    const api = () => fakeFetch(() => json({ items: [record, revoked] }));
    const { stdout } = await runWith(['keys', 'list'], api());
    expect(stdout.split('\n')).toEqual([
      'ID                                    NAME            ROLE      TENANT   PREFIX        CREATED            LAST USED  REVOKED',
      '11111111-2222-4333-8444-555555555555  Otherco portal  customer  otherco  pk_live_AbCd  2026-01-05T09:00Z  -          -',
      'r                                     old             customer  otherco  pk_live_AbCd  2026-01-05T09:00Z  -          2026-01-05T09:30Z',
      '',
    ]);
    expect(JSON.parse((await runWith(['keys', 'list', '--output', 'json'], api())).stdout)).toEqual({
      items: [record, revoked],
    });
  });

  it('revokes a key by id and says which', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ...record, revokedAt: '2026-01-05T10:00:00.000Z' }));
    const result = await runWith(['keys', 'revoke', record.id], { fetch });
    expect(calls[0].method).toBe('DELETE');
    expect(calls[0].url.pathname).toBe(`/api/v1/keys/${record.id}`);
    expect(result).toEqual({
      code: 0,
      stdout: `revoked key ${record.id} (Otherco portal, pk_live_AbCd)\n`,
      stderr: '',
    });
  });

  describe('tickets', () => {
    const ticket = newTicket();

    it('lists tickets with the filters as query parameters; the next page on stderr', async () => {
      const { fetch, calls } = fakeFetch(() => json({ items: [ticket], total: 7, nextCursor: '42' }));
      const result = await runWith(
        [
          'tickets',
          'list',
          '--status',
          'open',
          '--device',
          'rtr-01',
          '--limit',
          '1',
          '--url',
          'http://h:1/p/',
        ],
        { fetch },
      );
      expect(calls[0].url.href).toBe('http://h:1/p/api/v1/tickets?status=open&device=rtr-01&limit=1');
      expect(result.stdout.split('\n')).toEqual([
        'ID        TENANT/DEVICE  FAILURE MODE  SEVERITY  STATUS  PREDICTED BREACH',
        '3f2a9c1e  acme/rtr-01    overheating   major     open    2026-01-05T16:00Z (in 6h 0m)',
        '',
      ]);
      expect(result.stderr).toBe('1 of 7 tickets; next page: --cursor 42\n');
    });

    it('lists tickets as the API answered them with --output json', async () => {
      const page = { items: [ticket], total: 1, nextCursor: null };
      const { stdout, stderr } = await runWith(
        ['tickets', 'list', '-o', 'json'],
        fakeFetch(() => json(page)),
      );
      expect(JSON.parse(stdout)).toEqual(page);
      expect(stderr).toBe('');
    });

    it('shows a ticket with its evidence and audit trail', async () => {
      const { fetch, calls } = fakeFetch(() => json(ticket));
      const { stdout } = await runWith(['tickets', 'show', ticket.id.toUpperCase()], { fetch });
      expect(calls[0].url.pathname).toBe(`/api/v1/tickets/${ticket.id}`);
      expect(stdout).toContain(`ticket              ${ticket.id}`);
      expect(stdout).toContain(
        'predicted breach    2026-01-05T16:00Z (in 6h 0m), between 2026-01-05T15:00Z and 2026-01-05T17:00Z',
      );
      expect(stdout).toContain('temperature  forecast  71        60');
      expect(stdout).toContain('1    2026-01-05T08:00Z  opened  - -> open  tickets  -');
    });

    it('acknowledges with a comment, resolves without one', async () => {
      const { fetch, calls } = fakeFetch((call) =>
        json({ ...ticket, status: call.url.pathname.endsWith('/resolve') ? 'resolved' : 'acknowledged' }),
      );
      const ack = await runWith(['tickets', 'ack', ticket.id, '--comment', 'truck rolled'], { fetch });
      const resolve = await runWith(['tickets', 'resolve', ticket.id], { fetch });
      expect(calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
        ['POST', `/api/v1/tickets/${ticket.id}/acknowledge`, { comment: 'truck rolled' }],
        ['POST', `/api/v1/tickets/${ticket.id}/resolve`, {}],
      ]);
      expect(ack.stdout).toBe(`ticket ${ticket.id} (acme/rtr-01 overheating, major): acknowledged\n`);
      expect(resolve.stdout).toBe(`ticket ${ticket.id} (acme/rtr-01 overheating, major): resolved\n`);
    });

    it('finds a ticket by the short id the table shows, through every page', async () => {
      const other = newTicket({ id: '99999999-0000-4000-8000-000000000002' });
      const { fetch, calls } = fakeFetch((call) => {
        if (call.method === 'POST') return json({ ...ticket, status: 'acknowledged' });
        return call.url.searchParams.get('cursor') === null
          ? json({ items: [other], total: 2, nextCursor: '5' })
          : json({ items: [ticket], total: 2, nextCursor: null });
      });
      const result = await runWith(['tickets', 'ack', '3F2A9C1E'], { fetch });
      expect(result.code).toBe(0);
      expect(calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
        'GET /api/v1/tickets?limit=500',
        'GET /api/v1/tickets?limit=500&cursor=5',
        `POST /api/v1/tickets/${ticket.id}/acknowledge`,
      ]);
    });

    it.each([
      ['3f2a', 2, 'give the full id or its first 8 or more characters'],
      ['3f2a9c1e', 2, 'is ambiguous'],
      ['deadbeef', 4, 'no ticket id starts with "deadbeef"'],
    ])('refuses the short id %s (exit %i)', async (id, code, message) => {
      const twin = newTicket({ id: '3f2a9c1e-ffff-4000-8000-000000000003' });
      const page = {
        items: id === '3f2a9c1e' ? [newTicket(), twin] : [newTicket()],
        total: 2,
        nextCursor: null,
      };
      const result = await runWith(
        ['tickets', 'show', id],
        fakeFetch(() => json(page)),
      );
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(message);
    });
  });
});
