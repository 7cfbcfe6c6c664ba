import type { MqttClient } from 'mqtt';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import { MIN, newEvent, T0 } from './correlation.factory';
import {
  type ApiResponse,
  call,
  connectClient,
  counter,
  publishEvents,
  type RunningTickets,
  startTickets,
  uniqueTenant,
} from './tickets.fixture';

describe('tickets: detection events over MQTT -> PostgreSQL -> API (real Mosquitto, real PostgreSQL)', () => {
  let tickets: RunningTickets;
  let client: MqttClient;

  beforeAll(async () => {
    expect(process.env.DATABASE_URL).toBeDefined();
    // the grouping specs open tickets on anomalies (by default only forecasts open: README "Correlation rules")
    tickets = await startTickets({ TICKET_ANOMALY_OPENS: 'any', TICKET_ANOMALY_MIN_SPAN: '0' });
    client = await connectClient();
  });

  afterAll(async () => {
    await client?.endAsync();
    await tickets?.close();
  });

  const get = (path: string) => call(tickets.baseUrl, 'GET', path);
  const post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    call(tickets.baseUrl, 'POST', path, body, headers);

  /** A NOC engineer's key: the audit names its holder. */
  const engineer = async (name: string) => {
    const created = await post('/api/v1/keys', { name, role: 'noc' });
    expect(created.status).toBe(201);
    return {
      actor: `${name} (key ${created.body.id})`,
      headers: { authorization: `Bearer ${created.body.key}` },
    };
  };

  /** Publishes 4 forecasts (persistent evidence) and waits for the ticket in the API. */
  const openTicket = async (tenant: string, device = 'rtr-01') => {
    await publishEvents(
      client,
      ...[0, 5, 10, 15].map((m) => newEvent('forecast', T0 + m * MIN, { tenant, device })),
    );
    return expectEventually(async () => {
      const { status, body } = await get(`/api/v1/tickets?tenant=${tenant}&device=${device}`);
      expect(status).toBe(200);
      expect(body.items).toHaveLength(1);
      expect(body.items[0].occurrenceCount).toBe(4);
      return body.items[0];
    });
  };

  it('opens a ticket from persistent evidence and serves it with its audit trail', async () => {
    const tenant = uniqueTenant();
    const ticket = await openTicket(tenant);
    expect(ticket).toMatchObject({
      tenant,
      device: 'rtr-01',
      failureMode: 'overheating',
      status: 'open',
      severity: 'major',
      detectedAt: new Date(T0 + 15 * MIN).toISOString(),
      predictedBreachAt: new Date(T0 + 375 * MIN).toISOString(),
      predictedBreachBand: {
        earliest: new Date(T0 + 315 * MIN).toISOString(),
        latest: new Date(T0 + 435 * MIN).toISOString(),
      },
      recommendedAction: 'Check fans and airflow',
      version: 1,
      resolution: null,
    });
    expect(ticket.evidence[0]).toMatchObject({
      metric: 'temperature',
      forecasts: 4,
      forecast: { limit: 85 },
    });
    const detail = await get(`/api/v1/tickets/${ticket.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.audit).toEqual([
      expect.objectContaining({ seq: 1, action: 'opened', actor: 'system', toStatus: 'open' }),
    ]);
  });

  it('a redelivered event is a no-op; an invalid payload is dropped and acknowledged', async () => {
    const tenant = uniqueTenant();
    const ticket = await openTicket(tenant);
    const duplicatesBefore = await counter(
      tickets.baseUrl,
      'preempt_tickets_events_total',
      'result="duplicate"',
    );
    const invalidBefore = await counter(tickets.baseUrl, 'preempt_tickets_events_invalid_total');
    await publishEvents(client, newEvent('forecast', T0 + 10 * MIN, { tenant }));
    await client.publishAsync(`events/${tenant}/rtr-01`, '{"not": "an event"}', { qos: 1 });
    await expectEventually(async () => {
      expect(await counter(tickets.baseUrl, 'preempt_tickets_events_total', 'result="duplicate"')).toBe(
        duplicatesBefore + 1,
      );
      expect(await counter(tickets.baseUrl, 'preempt_tickets_events_invalid_total')).toBe(invalidBefore + 1);
    });
    const after = await get(`/api/v1/tickets/${ticket.id}`);
    expect(after.body).toMatchObject({ occurrenceCount: 4, version: 1 });
  });

  it('concurrent acknowledgements: exactly one 200 and one 409, every time', async () => {
    const tenant = uniqueTenant();
    for (let round = 0; round < 5; round++) {
      const { id } = await openTicket(tenant, `dev-${round}`);
      const [alice, bob] = await Promise.all([engineer('alice'), engineer('bob')]);
      const responses = await Promise.all([
        post(`/api/v1/tickets/${id}/acknowledge`, {}, alice.headers),
        post(`/api/v1/tickets/${id}/acknowledge`, {}, bob.headers),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const conflict = responses.find((r) => r.status === 409)!;
      expect(conflict.type).toContain('application/problem+json');
      expect(conflict.body).toMatchObject({
        status: 409,
        reason: 'invalid-transition',
        ticketStatus: 'acknowledged',
      });
      const { body } = await get(`/api/v1/tickets/${id}`);
      expect(body.audit.filter((a: { action: string }) => a.action === 'acknowledged')).toHaveLength(1);
      expect(body.version).toBe(2);
    }
  });

  it('lifecycle open -> acknowledged -> resolved with who, when and comments in the audit trail', async () => {
    const { id } = await openTicket(uniqueTenant());
    const [alice, bob] = [await engineer('alice'), await engineer('bob')];
    const ack = await post(`/api/v1/tickets/${id}/acknowledge`, { comment: 'looking' }, alice.headers);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', version: 2 });
    const comment = await post(
      `/api/v1/tickets/${id}/comments`,
      { comment: 'fan tray ordered' },
      bob.headers,
    );
    expect(comment.status).toBe(201);
    const stale = await post(`/api/v1/tickets/${id}/resolve`, {}, { 'If-Match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'version-mismatch', expectedVersion: 1, version: 2 });
    const resolved = await post(
      `/api/v1/tickets/${id}/resolve`,
      { comment: 'replaced' },
      { 'If-Match': '"2"' },
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'manual', version: 3 });
    expect(resolved.body.resolvedAt).toEqual(expect.any(String));
    expect(
      resolved.body.audit.map((a: Record<string, unknown>) => [
        a.action,
        a.actor,
        a.fromStatus,
        a.toStatus,
        a.comment,
      ]),
    ).toEqual([
      ['opened', 'system', null, 'open', expect.any(String)],
      ['acknowledged', alice.actor, 'open', 'acknowledged', 'looking'],
      ['commented', bob.actor, null, null, 'fan tray ordered'],
      [
        'resolved',
        expect.stringMatching(/^ADMIN_API_KEY \(key [0-9a-f-]{36}\)$/),
        'acknowledged',
        'resolved',
        'replaced',
      ],
    ]);
    for (const a of resolved.body.audit) expect(Date.parse(a.at)).toBeGreaterThan(Date.now() - 60_000);
    const again = await post(`/api/v1/tickets/${id}/acknowledge`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409, detail: expect.stringContaining('resolved') });
  });

  it('answers bad requests with problem documents naming the field', async () => {
    const { id } = await openTicket(uniqueTenant());
    const cases: [Promise<ApiResponse>, number, string | undefined][] = [
      [get('/api/v1/tickets?status=closed'), 400, 'status'],
      [get('/api/v1/tickets?limit=0'), 400, 'limit'],
      [get('/api/v1/tickets?colour=red'), 400, 'colour'],
      [get('/api/v1/tickets/not-a-uuid'), 400, 'id'],
      [post(`/api/v1/tickets/${id}/acknowledge`, { comment: 42 }), 400, 'comment'],
      [post(`/api/v1/tickets/${id}/acknowledge`, { comment: 'x'.repeat(2001) }), 400, 'comment'],
      [post(`/api/v1/tickets/${id}/acknowledge`, { priority: 'high' }), 400, 'priority'],
      [post(`/api/v1/tickets/${id}/acknowledge`, [1]), 400, 'body'],
      [post(`/api/v1/tickets/${id}/acknowledge`, '{"comment": '), 400, undefined],
      // the actor is the caller's key: a body cannot name another one
      [post(`/api/v1/tickets/${id}/acknowledge`, { actor: 'mallory' }), 400, 'actor'],
      [post(`/api/v1/tickets/${id}/resolve`, {}, { 'If-Match': 'yesterday' }), 400, 'If-Match'],
      [post(`/api/v1/tickets/${id}/comments`, {}), 400, 'comment'],
      [get('/api/v1/tickets/00000000-0000-4000-8000-000000000000'), 404, undefined],
      [post('/api/v1/tickets/00000000-0000-4000-8000-000000000000/resolve'), 404, undefined],
    ];
    for (const [request, status, parameter] of cases) {
      const response = await request;
      expect(response.status).toBe(status);
      expect(response.type).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
      if (parameter) expect(response.body.parameter).toBe(parameter);
    }
    // nothing above changed the ticket
    expect((await get(`/api/v1/tickets/${id}`)).body).toMatchObject({ status: 'open', version: 1 });
  });

  it('assigns tickets: audit names the acting key, ?assignee= filters, 400 names the field, 403/404/409', async () => {
    const tenant = uniqueTenant();
    const { id } = await openTicket(tenant, 'dev-a');
    const other = await openTicket(tenant, 'dev-b');
    const alice = await engineer('alice');
    const assign = (body: unknown, headers: Record<string, string> = alice.headers, ticket = id) =>
      post(`/api/v1/tickets/${ticket}/assign`, body, headers);

    const assigned = await assign(
      { assignee: ' bob ', comment: 'yours' },
      { ...alice.headers, 'If-Match': '"1"' },
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assignee: 'bob', version: 2, status: 'open' });
    expect(assigned.body.audit[assigned.body.audit.length - 1]).toMatchObject({
      action: 'assigned',
      actor: alice.actor,
      assignee: 'bob',
      comment: 'yours',
    });
    const list = async (query: string) => {
      const { status, body } = await get(`/api/v1/tickets?tenant=${tenant}&${query}`);
      expect(status).toBe(200);
      return body.items.map((t: { id: string; assignee: string | null }) => [t.id, t.assignee]);
    };
    expect(await list('assignee=bob')).toEqual([[id, 'bob']]);
    expect(await list('assignee=none')).toEqual([[other.id, null]]);
    expect(await list('assignee=carol')).toEqual([]);

    const stale = await assign({ assignee: 'carol' }, { ...alice.headers, 'If-Match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'version-mismatch', version: 2 });
    const bad: [unknown, string][] = [
      [{}, 'assignee'],
      [{ assignee: '   ' }, 'assignee'],
      [{ assignee: 'x'.repeat(101) }, 'assignee'],
      [{ assignee: 7 }, 'assignee'],
      [{ assignee: 'carol', comment: 42 }, 'comment'],
      [{ assignee: 'carol', priority: 'high' }, 'priority'],
      [[1], 'body'],
    ];
    for (const [body, parameter] of bad) {
      const response = await assign(body);
      expect(response.status).toBe(400);
      expect(response.type).toContain('application/problem+json');
      expect(response.body.parameter).toBe(parameter);
    }
    expect((await get(`/api/v1/tickets?assignee=${'x'.repeat(101)}`)).body.parameter).toBe('assignee');

    const customer = await post('/api/v1/keys', { name: 'portal', role: 'customer', tenant });
    expect(customer.status).toBe(201);
    const forbidden = await assign({ assignee: 'me' }, { authorization: `Bearer ${customer.body.key}` });
    expect(forbidden.status).toBe(403);
    expect(
      (await assign({ assignee: 'x' }, alice.headers, '00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);

    const unassigned = await assign({ assignee: null });
    expect(unassigned.body).toMatchObject({ assignee: null, version: 3 });
    expect(await list('assignee=none')).toHaveLength(2);
    expect((await post(`/api/v1/tickets/${id}/resolve`, {}, alice.headers)).status).toBe(200);
    const resolved = await assign({ assignee: 'bob' });
    expect(resolved.status).toBe(409);
    expect(resolved.body).toMatchObject({ reason: 'invalid-transition', ticketStatus: 'resolved' });
    expect((await get(`/api/v1/tickets/${id}`)).body).toMatchObject({ assignee: null, version: 4 });
  });

  it('groups several metrics of a device into one ticket and auto-resolves after recovery', async () => {
    const tenant = uniqueTenant();
    await publishEvents(
      client,
      newEvent('anomaly', T0, { tenant, metric: 'fan_speed' }),
      newEvent('anomaly', T0 + 2 * MIN, { tenant, metric: 'temperature' }),
      newEvent('anomaly', T0 + 4 * MIN, { tenant, metric: 'fan_speed' }),
    );
    const ticket = await expectEventually(async () => {
      const { body } = await get(`/api/v1/tickets?tenant=${tenant}`);
      expect(body.items).toHaveLength(1);
      return body.items[0];
    });
    expect(ticket.failureMode).toBe('cooling_failure');
    expect(ticket.evidence.map((e: { metric: string }) => e.metric).sort()).toEqual([
      'fan_speed',
      'temperature',
    ]);
    await publishEvents(
      client,
      newEvent('recovered', T0 + 40 * MIN, { tenant, metric: 'fan_speed' }),
      newEvent('recovered', T0 + 41 * MIN, { tenant, metric: 'temperature' }),
    );
    await expectEventually(async () => {
      const { body } = await get(`/api/v1/tickets/${ticket.id}`);
      expect(body).toMatchObject({ status: 'resolved', resolution: 'auto' });
      expect(body.audit[body.audit.length - 1]).toMatchObject({ action: 'resolved', actor: 'system' });
    });
  });
});
