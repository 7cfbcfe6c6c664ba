import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type DeviceStatusEvent, deviceStatusEventId } from '@preempt/contracts';
import type { MqttClient } from 'mqtt';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import { authorization } from '../../../tests/harness/test-kit';
import { MIN, newEvent, T0 } from './correlation.factory';
import {
  call,
  connectClient,
  publishEvents,
  type RunningTickets,
  startTickets,
  uniqueTenant,
} from './tickets.fixture';

const SECOND = 1000;
const HOUR = 60 * MIN;

// NOC operations through the real app: detection events over Mosquitto, PostgreSQL, the HTTP API and the
// background sweep (every 200 ms here). The escalation chain's delays are seconds so a spec can watch
// them go by.
describe('NOC operations (real Mosquitto, real PostgreSQL, the HTTP API)', () => {
  let policyFile: string;
  let restartPolicyFile: string;
  let client: MqttClient;
  const env = (extra: Record<string, string> = {}) => ({
    ESCALATION_POLICY_FILE: policyFile,
    AUTO_RESOLVE_SWEEP_INTERVAL: '200ms',
    LOG_LEVEL: 'warn',
    // these specs open tickets on anomalies (by default only forecasts open: README "Correlation rules")
    TICKET_ANOMALY_OPENS: 'any',
    TICKET_ANOMALY_MIN_SPAN: '0',
    ...extra,
  });

  beforeAll(async () => {
    expect(process.env.DATABASE_URL).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'preempt-noc-int-'));
    policyFile = join(dir, 'escalation.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        policies: ['minor', 'major', 'critical'].map((severity) => ({
          severity,
          steps: [
            { after: '0s', target: 'on-call' },
            { after: '4s', target: 'noc-lead' },
            { after: '8s', target: 'head-of-noc' },
            { after: '16s', target: 'director' },
          ],
        })),
      }),
    );
    // the restart spec's own chain: its first process must stop before step 2 is due, which a loaded machine
    // missed with 4 s between the first steps (the process saw step 1, then took that long to stop)
    restartPolicyFile = join(dir, 'escalation-restart.json');
    writeFileSync(
      restartPolicyFile,
      JSON.stringify({
        policies: ['minor', 'major', 'critical'].map((severity) => ({
          severity,
          steps: [
            { after: '0s', target: 'on-call' },
            { after: '10s', target: 'noc-lead' },
            { after: '14s', target: 'head-of-noc' },
            { after: '22s', target: 'director' },
          ],
        })),
      }),
    );
    client = await connectClient();
  });

  afterAll(async () => {
    await client?.endAsync();
  });

  const openTicket = async (tickets: RunningTickets, tenant: string, device = 'rtr-01', at = T0) => {
    await publishEvents(
      client,
      ...[0, 5, 10, 15].map((m) => newEvent('forecast', at + m * MIN, { tenant, device })),
    );
    return expectEventually(async () => {
      const { body } = await call(
        tickets.baseUrl,
        'GET',
        `/api/v1/tickets?tenant=${tenant}&device=${device}`,
      );
      expect(body.items).toHaveLength(1);
      return body.items[0] as { id: string; version: number; failureMode: string };
    });
  };

  const audit = async (tickets: RunningTickets, id: string) =>
    (await call(tickets.baseUrl, 'GET', `/api/v1/tickets/${id}`)).body.audit as {
      action: string;
      at: string;
      comment: string;
    }[];

  const events = async (tickets: RunningTickets, tenant: string) => {
    // the event log as the stream serves it, read to its end (the stream stays open: abort after the data)
    const controller = new AbortController();
    const response = await fetch(`${tickets.baseUrl}/api/v1/events?lastEventId=0`, {
      headers: authorization(),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let text = '';
    const deadline = Date.now() + 1500;
    while (Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), 300)),
      ]);
      if (chunk === null) break;
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    return text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map(
        (line) =>
          JSON.parse(line.slice(6)) as {
            type: string;
            ticket: { tenant: string; id: string };
            details: Record<string, unknown> | null;
          },
      )
      .filter((e) => e.ticket.tenant === tenant);
  };

  it('escalates at the configured delays, once per step across a restart and two processes, and stops once acknowledged', async () => {
    const tenant = uniqueTenant('esc');
    const restartEnv = () => env({ ESCALATION_POLICY_FILE: restartPolicyFile });
    let first: RunningTickets | undefined = await startTickets(restartEnv());
    let second: RunningTickets | undefined;
    let restarted: RunningTickets | undefined;
    try {
      const ticket = await openTicket(first, tenant);
      const openedAt = Date.now();
      await expectEventually(async () =>
        expect((await audit(first!, ticket.id)).filter((a) => a.action === 'escalated')).toHaveLength(1),
      );
      // the only process stops before step 2 is due (10 s) and comes back after it
      await first.close();
      first = undefined;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, openedAt + 11 * SECOND - Date.now())));
      const restartAt = Date.now();
      [restarted, second] = await Promise.all([startTickets(restartEnv()), startTickets(restartEnv())]);
      const chain = async () => (await audit(restarted!, ticket.id)).filter((a) => a.action === 'escalated');
      await expectEventually(async () => expect(await chain()).toHaveLength(3), { timeoutMs: 15_000 });
      const acknowledged = await call(
        restarted.baseUrl,
        'POST',
        `/api/v1/tickets/${ticket.id}/acknowledge`,
        {},
      );
      expect(acknowledged.status).toBe(200);
      // step 4 would be due 22 s after the ticket opened: wait past it
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, openedAt + 24 * SECOND - Date.now())));
      const steps = await chain();
      expect(steps.map((s) => s.comment.replace(/:.*/, ''))).toEqual([
        'escalated to on-call (major step 1/4)',
        'escalated to noc-lead (major step 2/4)',
        'escalated to head-of-noc (major step 3/4)',
      ]);
      // step 2 was not lost while no process ran: it fired after the restart
      expect(Date.parse(steps[1].at)).toBeGreaterThanOrEqual(restartAt);
      expect(Date.parse(steps[2].at) - openedAt).toBeGreaterThanOrEqual(14 * SECOND - 500);
      const escalations = (await events(second, tenant)).filter((e) => e.type === 'TicketEscalated');
      expect(escalations.map((e) => e.details!.step)).toEqual([1, 2, 3]);
    } finally {
      await Promise.all([first?.close(), second?.close(), restarted?.close()]);
    }
  }, 90_000);

  describe('with one tickets process', () => {
    let tickets: RunningTickets;
    beforeAll(async () => {
      tickets = await startTickets(env());
    });
    afterAll(async () => {
      await tickets?.close();
    });
    const get = (path: string, headers?: Record<string, string>) =>
      call(tickets.baseUrl, 'GET', path, undefined, headers);
    const post = (path: string, body?: unknown, headers?: Record<string, string>) =>
      call(tickets.baseUrl, 'POST', path, body, headers);

    const customerOf = async (tenant: string) => {
      const created = await post('/api/v1/keys', { name: `portal-${tenant}`, role: 'customer', tenant });
      expect(created.status).toBe(201);
      return { authorization: `Bearer ${created.body.key}` };
    };

    it('a device that stops reporting keeps its predictive ticket open, marked, with an OutageSuspected event', async () => {
      const tenant = uniqueTenant('dark');
      const ticket = await openTicket(tickets, tenant, 'olt-1');
      const control = await openTicket(tickets, tenant, 'olt-2');
      const lastSeen = T0 + 20 * MIN;
      const silent: DeviceStatusEvent = {
        id: deviceStatusEventId('device_silent', tenant, 'olt-1', lastSeen + 15 * MIN),
        type: 'device_silent',
        tenant,
        device: 'olt-1',
        at: lastSeen + 15 * MIN,
        lastSeenAt: lastSeen,
      };
      await client.publishAsync(`events/${tenant}/olt-1`, JSON.stringify(silent), { qos: 1 });
      const marked = await expectEventually(async () => {
        const { body } = await get(`/api/v1/tickets/${ticket.id}`);
        expect(body.deviceSilentSince).toBe(new Date(lastSeen).toISOString());
        return body;
      });
      expect(marked.status).toBe('open');
      expect(marked.audit.map((a: { action: string }) => a.action)).toContain('outage_suspected');
      // 7 h of event time go by on another tenant's device: the sweep auto-resolves the control ticket
      // (quiet, but its device is not silent), never the silent device's
      await publishEvents(
        client,
        newEvent('anomaly', T0 + 7 * HOUR, { tenant: uniqueTenant('clock'), device: 'x' }),
      );
      await expectEventually(async () =>
        expect((await get(`/api/v1/tickets/${control.id}`)).body.status).toBe('resolved'),
      );
      expect((await get(`/api/v1/tickets/${ticket.id}`)).body.status).toBe('open');
      const types = (await events(tickets, tenant)).map(
        (e) => `${e.type} ${e.ticket.id === ticket.id ? 'olt-1' : 'olt-2'}`,
      );
      expect(types).toContain('OutageSuspected olt-1');
      expect(types).toContain('TicketResolved olt-2');
      expect(types).not.toContain('TicketResolved olt-1');
    });

    it('maintenance windows: validation, tenant isolation, suppression, and the ticket right after the window ends', async () => {
      const tenant = uniqueTenant('mw');
      const bad = async (body: object, field: string) => {
        const response = await post('/api/v1/maintenance-windows', body);
        expect(response.status).toBe(400);
        expect(response.body.parameter).toBe(field);
        return response.body.detail as string;
      };
      const base = {
        tenant,
        start: '2027-03-21T01:30',
        durationMinutes: 120,
        timeZone: 'Europe/Paris',
        comment: 'firmware',
      };
      expect(await bad({ ...base, timeZone: 'Mars/Olympus' }, 'timeZone')).toMatch(/Mars\/Olympus/);
      await bad({ ...base, rrule: 'FREQ=SOMETIMES' }, 'rrule');
      await bad({ ...base, start: '2027-02-30T01:30' }, 'start');
      await bad({ ...base, durationMinutes: 0 }, 'durationMinutes');
      await bad({ ...base, comment: undefined }, 'comment');
      await bad({ ...base, devices: [] }, 'devices');
      await bad({ ...base, colour: 'red' }, 'colour');

      // a window in Paris time that began 59 min 50 s ago and lasts 60 min: it ends in about 10 s
      const now = Date.now();
      const startLocal = new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Europe/Paris',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .format(new Date(now - 59 * MIN - 50 * SECOND))
        .replace(' ', 'T');
      const created = await post('/api/v1/maintenance-windows', {
        ...base,
        start: startLocal,
        durationMinutes: 60,
        devices: ['in-1'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        tenant,
        devices: ['in-1'],
        active: true,
        createdBy: expect.stringContaining('ADMIN_API_KEY'),
      });
      const windowEnd = Date.parse(created.body.currentOccurrence.end);
      expect(Math.abs(windowEnd - (now + 10 * SECOND))).toBeLessThan(2 * SECOND);

      // another tenant's customer does not see it; its own customer does, read-only
      const stranger = await customerOf(uniqueTenant('other'));
      expect((await get(`/api/v1/maintenance-windows/${created.body.id}`, stranger)).status).toBe(404);
      expect((await get('/api/v1/maintenance-windows', stranger)).body.items).toEqual([]);
      const owner = await customerOf(tenant);
      expect((await get(`/api/v1/maintenance-windows/${created.body.id}`, owner)).status).toBe(200);
      expect((await post('/api/v1/maintenance-windows', base, owner)).status).toBe(403);

      // the same evidence on a device in scope and one out of it
      const at = Date.now() - 2 * MIN;
      await publishEvents(
        client,
        ...[0, 1, 2].flatMap((i) =>
          ['in-1', 'out-1'].map((device) => newEvent('anomaly', at + i * 20 * SECOND, { tenant, device })),
        ),
      );
      await expectEventually(async () =>
        expect((await get(`/api/v1/tickets?tenant=${tenant}&device=out-1`)).body.total).toBe(1),
      );
      // nothing opened for the device in the window while it lasted (on a slow machine the window may have
      // ended by now, and its ticket below may already be there: it opens at the window's end, not before)
      const inScope = (await get(`/api/v1/tickets?tenant=${tenant}&device=in-1`)).body.items as {
        openedAt: string;
      }[];
      expect(inScope.filter((t) => Date.parse(t.openedAt) < windowEnd)).toEqual([]);
      const suppressed = await get(`/api/v1/suppressed-evidence?tenant=${tenant}`);
      expect(suppressed.body.items).toHaveLength(3);
      expect(suppressed.body.items[0]).toMatchObject({
        device: 'in-1',
        windowId: created.body.id,
        type: 'anomaly',
        metric: 'temperature',
      });

      // still abnormal when the window ends: the ticket comes within a minute, with no new evidence
      const ticket = await expectEventually(
        async () => {
          const { body } = await get(`/api/v1/tickets?tenant=${tenant}&device=in-1`);
          expect(body.total).toBe(1);
          return body.items[0];
        },
        { timeoutMs: 70_000, intervalMs: 500 },
      );
      expect(Date.parse(ticket.openedAt) - windowEnd).toBeLessThan(60 * SECOND);
      expect(Date.parse(ticket.openedAt)).toBeGreaterThanOrEqual(windowEnd);

      const patched = await call(tickets.baseUrl, 'PATCH', `/api/v1/maintenance-windows/${created.body.id}`, {
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
        comment: 'every Sunday',
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        version: 2,
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
        comment: 'every Sunday',
      });
      expect(
        (await call(tickets.baseUrl, 'DELETE', `/api/v1/maintenance-windows/${created.body.id}`)).status,
      ).toBe(204);
      expect((await get(`/api/v1/maintenance-windows/${created.body.id}`)).status).toBe(404);
    }, 120_000);

    it('a silence until its ticket resolves ends then, and what it covered and still fails is re-notified', async () => {
      const tenant = uniqueTenant('sil');
      const bad = async (body: object, field: string) => {
        const response = await post('/api/v1/silences', body);
        expect(response.status).toBe(400);
        expect(response.body.parameter).toBe(field);
      };
      await bad({ tenant, device: 'r1', untilResolved: true }, 'comment');
      await bad(
        { tenant, comment: 'x', untilResolved: true, endsAt: new Date(Date.now() + HOUR).toISOString() },
        'endsAt',
      );
      await bad({ tenant, comment: 'x', endsAt: '2020-01-01T00:00:00Z' }, 'endsAt');
      await bad({ tenant, comment: 'x', untilResolved: true }, 'untilResolved'); // nothing open to bind to

      // the sweep's clock is the latest event time this process saw: the window spec's (now)
      const base = Date.now() - 4 * HOUR;
      const first = await openTicket(tickets, tenant, 'r1', base);
      const silence = await post('/api/v1/silences', {
        tenant,
        device: 'r1',
        untilResolved: true,
        comment: 'fix booked',
      });
      expect(silence.status).toBe(201);
      expect(silence.body).toMatchObject({
        state: 'active',
        untilResolved: true,
        ticketIds: [first.id],
        endsAt: null,
      });
      const stranger = await customerOf(uniqueTenant('other'));
      expect((await get(`/api/v1/silences/${silence.body.id}`, stranger)).status).toBe(404);

      // a second problem of the device (hours later in event time: its own ticket) while silenced
      await publishEvents(
        client,
        ...[0, 5, 10, 15].map((m) =>
          newEvent('forecast', base + 3 * HOUR + m * MIN, { tenant, device: 'r1', metric: 'fan_speed' }),
        ),
      );
      const second = await expectEventually(async () => {
        const { body } = await get(`/api/v1/tickets?tenant=${tenant}&device=r1&status=open`);
        expect(body.total).toBe(2);
        return body.items.find((t: { id: string }) => t.id !== first.id);
      });
      expect((await post(`/api/v1/tickets/${first.id}/resolve`, { comment: 'done' })).status).toBe(200);
      await expectEventually(async () =>
        expect((await get(`/api/v1/silences/${silence.body.id}`)).body.state).toBe('expired'),
      );
      const log = await events(tickets, tenant);
      const opened = log.find((e) => e.type === 'TicketOpened' && e.ticket.id === second.id)!;
      expect(opened.details).toEqual({ silencedBy: [silence.body.id] });
      expect(log.filter((e) => e.type === 'TicketRenotified').map((e) => e.ticket.id)).toEqual([second.id]);
      expect(
        (await get(`/api/v1/silences?tenant=${tenant}&state=expired`)).body.items.map(
          (s: { id: string }) => s.id,
        ),
      ).toEqual([silence.body.id]);
    });

    it('retiring a device: its ticket resolves, its events open nothing, customers read it, undo restores', async () => {
      const tenant = uniqueTenant('ret');
      // event time near now: the sweep auto-resolves tickets whose evidence is old against the newest event
      // time it has seen (the other specs' events), which T0 would be
      const from = Date.now() - HOUR;
      const ticket = await openTicket(tickets, tenant, 'olt-7', from);
      const put = (body: unknown, headers?: Record<string, string>) =>
        call(tickets.baseUrl, 'PUT', `/api/v1/retired-devices/${tenant}/olt-7`, body, headers);
      expect((await put({})).body).toMatchObject({ status: 400, parameter: 'comment' });
      expect((await put({ comment: 'x', colour: 'red' })).body).toMatchObject({ parameter: 'colour' });
      const customer = await customerOf(tenant);
      expect((await put({ comment: 'mine' }, customer)).status).toBe(403);

      const retired = await put({ comment: 'decommissioned (change 4711)' });
      expect(retired.status).toBe(200);
      expect(retired.body).toMatchObject({
        tenant,
        device: 'olt-7',
        comment: 'decommissioned (change 4711)',
        resolvedTickets: [ticket.id],
      });
      expect((await get(`/api/v1/tickets/${ticket.id}`)).body.status).toBe('resolved');
      const listed = await get(`/api/v1/retired-devices`, customer);
      expect(listed.body.items.map((r: { device: string }) => r.device)).toEqual(['olt-7']);
      expect((await get(`/api/v1/retired-devices?tenant=${uniqueTenant('x')}`, customer)).body.items).toEqual(
        listed.body.items,
      ); // a customer key sees its own tenant whatever it asks
      const one = await get(`/api/v1/retired-devices/${tenant}/olt-7`, customer);
      expect(one.body).toEqual(listed.body.items[0]);
      expect((await get(`/api/v1/retired-devices/${tenant}/olt-8`)).status).toBe(404);
      const otherCustomer = await customerOf(uniqueTenant('other'));
      expect((await get(`/api/v1/retired-devices/${tenant}/olt-7`, otherCustomer)).status).toBe(404);

      // the device's events keep coming (a detector that has not heard yet): nothing opens
      await publishEvents(
        client,
        ...[20, 25, 30, 35].map((m) => newEvent('forecast', from + m * MIN, { tenant, device: 'olt-7' })),
      );
      await expectEventually(async () => {
        const metrics = await (await fetch(`${tickets.baseUrl}/metrics`)).text();
        expect(metrics).toMatch(/preempt_tickets_events_total\{type="forecast",result="retired"\} [4-9]/);
      });
      const open = await get(`/api/v1/tickets?tenant=${tenant}&status=open`);
      expect(open.body.items).toEqual([]);

      const undo = () => call(tickets.baseUrl, 'DELETE', `/api/v1/retired-devices/${tenant}/olt-7`);
      expect((await undo()).status).toBe(204);
      expect((await undo()).status).toBe(404);
      expect((await get(`/api/v1/retired-devices?tenant=${tenant}`)).body.items).toEqual([]);
      expect((await get(`/api/v1/retired-devices/${tenant}/olt-7`)).status).toBe(404);
    });

    it('reports the period: tickets opened, time to acknowledge, resolutions; a customer its own tenant', async () => {
      const tenant = uniqueTenant('rep');
      const start = Date.now();
      const ticket = await openTicket(tickets, tenant, 'sw-3', start - HOUR);
      expect((await post(`/api/v1/tickets/${ticket.id}/acknowledge`, {})).status).toBe(200);
      const report = await get(`/api/v1/reports/operations?tenant=${tenant}&from=${start - MIN}`);
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({
        tenant,
        opened: 1,
        stillOpen: 1,
        timeToAcknowledge: { count: 1 },
        resolved: { manual: 0, auto: 0, falsePositive: 0 },
        byFailureMode: [{ failureMode: ticket.failureMode, opened: 1 }],
      });
      expect(report.body.timeToAcknowledge.medianMs).toBeGreaterThanOrEqual(0);
      const metrics = await (await fetch(`${tickets.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/preempt_tickets_time_to_acknowledge_seconds_count\{severity="\w+"\} [1-9]/);
      const customer = await customerOf(uniqueTenant('other'));
      const theirs = await get(`/api/v1/reports/operations?tenant=${tenant}`, customer);
      expect(theirs.body).toMatchObject({ opened: 0 }); // its own tenant, whatever it asks
      expect(theirs.body.tenant).not.toBe(tenant);
      const bad = async (query: string, parameter: string) =>
        expect((await get(`/api/v1/reports/operations?${query}`)).body).toMatchObject({
          status: 400,
          parameter,
        });
      await bad('from=yesterday', 'from');
      await bad(`from=${start}&to=${start - 1}`, 'from');
      await bad('from=0&to=86400000000', 'from');
      await bad('colour=red', 'colour');
    });

    it('resolving as a false positive creates a feedback rule on the audit and in /feedback; DELETE undoes it', async () => {
      const tenant = uniqueTenant('fp');
      const ticket = await openTicket(tickets, tenant, 'r1', Date.now() - HOUR);
      const noComment = await post(`/api/v1/tickets/${ticket.id}/resolve`, { falsePositive: true });
      expect(noComment).toMatchObject({ status: 400, body: { parameter: 'comment' } });
      const resolved = await post(`/api/v1/tickets/${ticket.id}/resolve`, {
        falsePositive: true,
        comment: 'hot aisle test',
      });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'false_positive' });
      const listed = await get(`/api/v1/feedback?tenant=${tenant}`);
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          device: 'r1',
          failureMode: 'overheating',
          metrics: ['temperature'],
          ticketId: ticket.id,
          active: true,
        }),
      ]);
      const rule = listed.body.items[0];
      expect(resolved.body.audit.at(-1)).toMatchObject({
        action: 'feedback_created',
        comment: expect.stringContaining(rule.id),
      });
      const stranger = await customerOf(uniqueTenant('other'));
      expect(
        (await call(tickets.baseUrl, 'DELETE', `/api/v1/feedback/${rule.id}`, undefined, stranger)).status,
      ).toBe(403);
      const undone = await call(tickets.baseUrl, 'DELETE', `/api/v1/feedback/${rule.id}`);
      expect(undone.status).toBe(200);
      expect(undone.body).toMatchObject({
        id: rule.id,
        active: false,
        revokedBy: expect.stringContaining('ADMIN_API_KEY'),
      });
      expect((await get(`/api/v1/tickets/${ticket.id}`)).body.audit.at(-1).action).toBe('feedback_revoked');
    });
  });
});
