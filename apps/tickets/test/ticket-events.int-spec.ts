import { DATABASE, type Database } from '@preempt/storage';
import type { MqttClient } from 'mqtt';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import { authorization } from '../../../tests/harness/test-kit';
import { TicketEventsRepository } from '../src/storage/ticket-events.repository';
import { TicketsService } from '../src/tickets/tickets.service';
import { MIN, newEvent, T0 } from './correlation.factory';
import { openSse, type SseClient, type SseMessage } from './sse.client';
import {
  call,
  connectClient,
  publishEvents,
  type RunningTickets,
  startTickets,
  uniqueTenant,
} from './tickets.fixture';

describe('GET /api/v1/events: live ticket lifecycle events over SSE (real Mosquitto, real PostgreSQL)', () => {
  let tickets: RunningTickets;
  let client: MqttClient;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    expect(process.env.DATABASE_URL).toBeDefined();
    tickets = await startTickets();
    client = await connectClient();
  });

  afterEach(async () => {
    for (const stream of streams.splice(0)) await stream.close();
  });

  afterAll(async () => {
    await client?.endAsync();
    await tickets?.close();
  });

  const get = (path: string, headers?: Record<string, string>) =>
    call(tickets.baseUrl, 'GET', path, undefined, headers);
  const post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    call(tickets.baseUrl, 'POST', path, body, headers);

  /** Connects as `key` (the tests' admin key by default) and waits for the stream's position. */
  const connect = async (headers: Record<string, string> = authorization(), query = '') => {
    const stream = await openSse(`${tickets.baseUrl}/api/v1/events${query}`, headers);
    streams.push(stream);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    await expectEventually(() => expect(stream.lastId).not.toBeNull());
    return stream;
  };

  const openTicket = async (tenant: string, device = 'rtr-01') => {
    await publishEvents(
      client,
      ...[0, 5, 10, 15].map((m) => newEvent('forecast', T0 + m * MIN, { tenant, device })),
    );
    return expectEventually(async () => {
      const { body } = await get(`/api/v1/tickets?tenant=${tenant}&device=${device}`);
      expect(body.items).toHaveLength(1);
      return body.items[0] as { id: string };
    });
  };

  const storedIds = async (after: number, through: number) => {
    const { rows } = await tickets.app
      .get<Database>(DATABASE)
      .query<{ id: string }>('SELECT id FROM ticket_events WHERE id > $1 AND id <= $2 ORDER BY id', [
        after,
        through,
      ]);
    return rows.map((row) => Number(row.id));
  };

  it('100 events, a disconnect after ~40, a resume with Last-Event-ID: every event exactly once, in order', async () => {
    const tenant = uniqueTenant('sse');
    const ids = await Promise.all(
      ['d1', 'd2', 'd3', 'd4'].map(async (d) => (await openTicket(tenant, d)).id),
    );
    const first = await connect();
    expect(first.retry).toBe(2000);
    const start = first.lastId!;

    // 100 comments over 4 tickets, 4 concurrent requests at a time, while the client reads
    let posted = 0;
    const posting = (async () => {
      for (let n = 0; n < 100; n += 4) {
        await Promise.all(
          ids.map(async (id, k) => {
            const response = await post(`/api/v1/tickets/${id}/comments`, { comment: `c${n + k}` });
            expect(response.status).toBe(201);
            posted++;
          }),
        );
      }
    })();
    const comments = (messages: SseMessage[]) =>
      messages.filter((m) => m.event === 'TicketCommented' && m.data.ticket.tenant === tenant);

    await first.waitFor((messages) => comments(messages).length >= 40);
    await first.close();
    const before = [...first.messages];
    const seen = comments(before).length;
    // more commit while it is away
    await expectEventually(() => expect(posted).toBeGreaterThanOrEqual(Math.min(100, seen + 20)));
    expect((await storedIds(first.lastId!, Number.MAX_SAFE_INTEGER)).length).toBeGreaterThan(0);
    const second = await connect({ ...authorization(), 'Last-Event-ID': String(first.lastId) });
    await posting;
    await second.waitFor((messages) => comments([...before, ...messages]).length >= 100);

    const all = [...before, ...second.messages];
    const received = all.map((m) => m.id);
    for (let i = 1; i < received.length; i++) expect(received[i]).toBeGreaterThan(received[i - 1]);
    // none missing, none doubled: exactly the log's rows since the first connection
    expect(received).toEqual(await storedIds(start, received[received.length - 1]));
    const numbers = comments(all).map((m) => Number(m.data.comment.slice(1)));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(comments(all)[0].data).toEqual({
      id: expect.any(Number),
      type: 'TicketCommented',
      at: expect.any(String),
      actor: expect.stringMatching(/^ADMIN_API_KEY \(key [0-9a-f-]{36}\)$/),
      comment: expect.stringMatching(/^c\d+$/),
      details: null,
      ticket: expect.objectContaining({ tenant, status: 'open', assignee: null, severity: 'major' }),
    });
    expect(first.messages.length).toBeLessThan(all.length);
  });

  it("a customer key's stream holds its tenant's events and none of another tenant's", async () => {
    const mine = uniqueTenant('mine');
    const theirs = uniqueTenant('theirs');
    const key = await post('/api/v1/keys', { name: 'portal', role: 'customer', tenant: mine });
    expect(key.status).toBe(201);
    const customer = { authorization: `Bearer ${key.body.key}` };
    const watching = await connect(customer);
    const admin = await connect();
    const start = admin.lastId!;

    const a = await openTicket(mine);
    const b = await openTicket(theirs);
    await post(`/api/v1/tickets/${b.id}/comments`, { comment: 'theirs-1' });
    await post(`/api/v1/tickets/${a.id}/assign`, { assignee: 'alice', comment: 'mine-1' });
    await post(`/api/v1/tickets/${b.id}/assign`, { assignee: 'bob', comment: 'theirs-2' });
    await post(`/api/v1/tickets/${a.id}/comments`, { comment: 'mine-2' });

    const tenantsOf = (stream: SseClient) => new Set(stream.messages.map((m) => m.data.ticket.tenant));
    await admin.waitFor((messages) => messages.some((m) => m.data.comment === 'mine-2'));
    expect([...tenantsOf(admin)]).toEqual(expect.arrayContaining([mine, theirs]));
    // the stream is in commit order: once mine-2 is there, theirs-1 and theirs-2 were filtered out
    await watching.waitFor((messages) => messages.some((m) => m.data.comment === 'mine-2'));
    expect([...tenantsOf(watching)]).toEqual([mine]);
    expect(watching.messages.map((m) => [m.event, m.data.comment])).toEqual([
      ['TicketOpened', expect.any(String)],
      ['TicketAssigned', 'mine-1'],
      ['TicketCommented', 'mine-2'],
    ]);
    expect(watching.messages[1].data.ticket).toMatchObject({ id: a.id, assignee: 'alice', version: 2 });

    // replayed from a position (?lastEventId on a first connection): the same, filtered alike
    const replayed = await connect(customer, `?lastEventId=${start}`);
    await replayed.waitFor((messages) => messages.length >= 3);
    expect(replayed.messages).toEqual(watching.messages);
    // a customer key may watch but not act
    expect((await post(`/api/v1/tickets/${a.id}/assign`, { assignee: 'me' }, customer)).status).toBe(403);
  });

  it('the outbox makes ids visible in id order: a later transaction waits for the earlier one to commit', async () => {
    const db = tickets.app.get<Database>(DATABASE);
    const outbox = new TicketEventsRepository(db);
    const { id } = await openTicket(uniqueTenant('order'));
    const { ticket } = await tickets.app.get(TicketsService).get(id);
    const draft = (comment: string) => ({
      type: 'TicketCommented' as const,
      ticket,
      actor: 'test',
      at: Date.now(),
      comment,
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let earlier = 0;
    const first = db.transaction(async (tx) => {
      [{ id: earlier }] = await outbox.append(tx, [draft('earlier')]);
      await held;
    });
    await expectEventually(() => expect(earlier).toBeGreaterThan(0));
    let committed = false;
    const second = db
      .transaction((tx) => outbox.append(tx, [draft('later')]))
      .then(([event]) => {
        committed = true;
        return event.id;
      });
    // what must not happen cannot be polled for: give the second transaction time to (wrongly) commit
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(committed).toBe(false);
    expect(await outbox.after(earlier - 1, ticket.tenant, 10)).toEqual([]);
    release();
    await first;
    const later = await second;
    expect(later).toBeGreaterThan(earlier);
    expect((await outbox.after(earlier - 1, ticket.tenant, 10)).map((e) => e.dto.id)).toEqual([
      earlier,
      later,
    ]);
  });

  it('answers a bad position or parameter with a problem document, and needs a key', async () => {
    const cases: [Record<string, string>, string, number, string | undefined][] = [
      [{ 'Last-Event-ID': 'yesterday' }, '', 400, 'Last-Event-ID'],
      [{}, '?lastEventId=-3', 400, 'lastEventId'],
      [{}, '?tenant=acme', 400, 'tenant'],
    ];
    for (const [headers, query, status, parameter] of cases) {
      const response = await get(`/api/v1/events${query}`, headers);
      expect(response.status).toBe(status);
      expect(response.type).toContain('application/problem+json');
      expect(response.body.parameter).toBe(parameter);
    }
    const anonymous = await fetch(`${tickets.baseUrl}/api/v1/events`);
    expect(anonymous.status).toBe(401);
  });

  it('a position the log no longer holds starts with `event: reset`, then follows from the head', async () => {
    const unknown = await connect(authorization(), '?lastEventId=999999999999');
    await unknown.waitFor((messages) => messages.length >= 1);
    expect(unknown.messages[0]).toMatchObject({
      event: 'reset',
      data: { reason: 'unknown', lastEventId: 999999999999, detail: expect.stringContaining('reload') },
    });
    expect(unknown.messages[0].id).toBe(unknown.messages[0].data.id);
    const { id } = await openTicket(uniqueTenant('reset'));
    await post(`/api/v1/tickets/${id}/comments`, { comment: 'after the reset' });
    await unknown.waitFor((messages) => messages.some((m) => m.data.comment === 'after the reset'));
  });
});
