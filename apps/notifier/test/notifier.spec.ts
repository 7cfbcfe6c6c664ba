import { randomUUID } from 'node:crypto';

import { InMemoryChannel } from '@preempt/messaging';
import { type Database, openDatabase } from '@preempt/storage';
import { Webhook } from 'standardwebhooks';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import {
  authorization,
  call,
  customerKey,
  newLifecycle,
  newSecret,
  publishLifecycle,
  Receiver,
  type RunningNotifier,
  startNotifier,
  TestClock,
  uniqueId,
} from './notifier.fixture';

// The notifier in one process: in-memory channel, PGlite, real HTTP receivers, a clock the test moves.
describe('notifier (in memory, PGlite)', () => {
  let db: Database;
  let bus: InMemoryChannel;
  let notifier: RunningNotifier;
  const clock = new TestClock();
  const receivers: Receiver[] = [];

  const receiver = async () => {
    const r = await new Receiver().start();
    receivers.push(r);
    return r;
  };
  /** Polls while the clock runs 1 s per 100 ms of real time: retries fall due. */
  const ticking = <T>(fn: () => T | Promise<T>) =>
    expectEventually(
      () => {
        clock.advance(1000);
        notifier.worker.wake();
        return fn();
      },
      { timeoutMs: 5000 },
    );
  const subscribe = async (tenant: string, body: Record<string, unknown>) => {
    const created = await call(notifier.baseUrl, 'POST', `/api/v1/tenants/${tenant}/subscriptions`, body);
    expect(created.status).toBe(201);
    return created.body as { id: string };
  };

  beforeAll(async () => {
    db = await openDatabase({ dataDir: ':memory:', applicationName: 'notifier-spec' });
    bus = new InMemoryChannel();
    notifier = await startNotifier(
      { devices: bus, apps: bus },
      db,
      { DIGEST_THRESHOLD: '5', DIGEST_WINDOW: '60s' },
      { clock },
    );
  });
  afterAll(async () => {
    await notifier.close();
    await bus.close();
    await db.close();
    for (const r of receivers) await r.stop();
  });

  describe('subscriptions', () => {
    const refusals: [string, Record<string, unknown>, string, string][] = [
      ['not a URL', { channel: 'webhook', url: 'not a url', secret: newSecret() }, 'url', 'must be a URL'],
      [
        'an unsupported scheme',
        { channel: 'webhook', url: 'ftp://example.com/x', secret: newSecret() },
        'url',
        'must be http or https',
      ],
      ['a missing secret', { channel: 'webhook', url: 'https://example.com/x' }, 'secret', 'is required'],
      ['an unknown channel', { channel: 'sms', url: 'https://example.com/x' }, 'channel', 'must be one of'],
      [
        'a bad time zone',
        { channel: 'mqtt', quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } },
        'quietHours.timeZone',
        'IANA time zone',
      ],
      ['a bad severity', { channel: 'mqtt', minSeverity: 'huge' }, 'minSeverity', 'must be one of'],
      ['an unknown event kind', { channel: 'mqtt', events: ['exploded'] }, 'events', 'each must be one of'],
      ['a bad routing key', { channel: 'pagerduty', routingKey: 'short' }, 'routingKey', '32-character'],
      ['an unknown field', { channel: 'mqtt', colour: 'red' }, 'colour', 'is not a subscription field'],
      [
        "escalation targets on a customer's subscription",
        { channel: 'mqtt', escalationTargets: ['on-call'] },
        'escalationTargets',
        "only the NOC's subscriptions",
      ],
    ];
    it.each(refusals)(
      'refuses %s with 422 naming the field and the reason',
      async (_, body, field, reason) => {
        const answer = await call(notifier.baseUrl, 'POST', '/api/v1/tenants/acme/subscriptions', body);
        expect(answer.status).toBe(422);
        expect(answer.type).toContain('application/problem+json');
        expect(answer.body).toMatchObject({ status: 422, field, parameter: field });
        expect(answer.body.reason).toContain(reason);
      },
    );

    it('stores a webhook secret it never shows, and changes preferences with PATCH', async () => {
      const secret = newSecret();
      const created = await call(notifier.baseUrl, 'POST', '/api/v1/tenants/acme/subscriptions', {
        channel: 'webhook',
        url: 'http://127.0.0.1:9/hook',
        secret,
        minSeverity: 'major',
        quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Paris' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        channel: 'webhook',
        hasSecret: true,
        minSeverity: 'major',
        language: 'en',
      });
      expect(JSON.stringify(created.body)).not.toContain(secret.slice(6));
      const patched = await call(
        notifier.baseUrl,
        'PATCH',
        `/api/v1/tenants/acme/subscriptions/${created.body.id}`,
        {
          minSeverity: 'critical',
          devices: ['rtr-01'],
        },
      );
      expect(patched.body).toMatchObject({ minSeverity: 'critical', devices: ['rtr-01'], hasSecret: true });
      const listed = await call(notifier.baseUrl, 'GET', '/api/v1/tenants/acme/subscriptions');
      expect(JSON.stringify(listed.body)).not.toContain(secret.slice(6));
      expect(
        (await call(notifier.baseUrl, 'DELETE', `/api/v1/tenants/acme/subscriptions/${created.body.id}`))
          .status,
      ).toBe(204);
    });

    it("a customer key reads and changes its own tenant's subscriptions only: another tenant's are 404", async () => {
      const [a, b] = [uniqueId('a'), uniqueId('b')];
      const theirs = await subscribe(b, { channel: 'mqtt' });
      const key = authorization(await customerKey(notifier.baseUrl, a));
      const base = `/api/v1/tenants/${b}/subscriptions`;
      expect((await call(notifier.baseUrl, 'GET', base, undefined, key)).status).toBe(404);
      expect((await call(notifier.baseUrl, 'GET', `${base}/${theirs.id}`, undefined, key)).status).toBe(404);
      expect(
        (await call(notifier.baseUrl, 'PATCH', `${base}/${theirs.id}`, { enabled: false }, key)).status,
      ).toBe(404);
      expect((await call(notifier.baseUrl, 'DELETE', `${base}/${theirs.id}`, undefined, key)).status).toBe(
        404,
      );
      expect((await call(notifier.baseUrl, 'POST', base, { channel: 'mqtt' }, key)).status).toBe(404);
      // its own tenant: fine
      expect(
        (await call(notifier.baseUrl, 'POST', `/api/v1/tenants/${a}/subscriptions`, { channel: 'mqtt' }, key))
          .status,
      ).toBe(201);
      // and a subscription id of another tenant under its own tenant's path is unknown too
      expect(
        (
          await call(
            notifier.baseUrl,
            'GET',
            `/api/v1/tenants/${a}/subscriptions/${theirs.id}`,
            undefined,
            key,
          )
        ).status,
      ).toBe(404);
    });
  });

  describe('webhook delivery', () => {
    it("sends tenant A's ticket to A's webhook only, signed per Standard Webhooks; a redelivered message adds nothing", async () => {
      const [a, b] = [uniqueId('a'), uniqueId('b')];
      const [hookA, hookB] = [await receiver(), await receiver()];
      const secretA = newSecret();
      await subscribe(a, { channel: 'webhook', url: hookA.url, secret: secretA });
      await subscribe(b, { channel: 'webhook', url: hookB.url, secret: newSecret() });
      const opened = newLifecycle(1001, 'TicketOpened', { id: randomUUID(), tenant: a });
      await publishLifecycle(bus, opened);
      await publishLifecycle(bus, opened); // at least once: the relay may send it again
      await expectEventually(() => expect(hookA.requests).toHaveLength(1));
      const [request] = hookA.requests;
      const verified = new Webhook(secretA).verify(request.body, request.headers as Record<string, string>);
      expect(verified).toMatchObject({
        type: 'ticket.opened',
        tenant: a,
        ticket: { id: opened.ticket.id, device: 'rtr-01', site: 'par1', severity: 'major' },
      });
      const body = JSON.parse(request.body);
      expect(body.notice.text).toContain('rtr-01 at par1');
      expect(body.notice.text).not.toMatch(/overheating|score|fan tray/i);
      expect(body.ticket.failureMode).toBeUndefined();
      expect(() =>
        new Webhook(newSecret()).verify(request.body, request.headers as Record<string, string>),
      ).toThrow();
      await notifier.worker.drain();
      expect(hookB.requests).toHaveLength(0);
      expect(hookA.requests).toHaveLength(1);
    });

    it('retries 503 and 429 with the same webhook-id, gives up at once on 400, and the NOC can retry it', async () => {
      const tenant = uniqueId('r');
      const hook = await receiver();
      await subscribe(tenant, { channel: 'webhook', url: hook.url, secret: newSecret() });
      hook.status = 503;
      const ticket = { id: randomUUID(), tenant };
      await publishLifecycle(bus, newLifecycle(2001, 'TicketOpened', ticket));
      await ticking(() => expect(hook.requests.length).toBeGreaterThanOrEqual(2));
      hook.status = 429;
      hook.headers = { 'retry-after': '0' };
      await ticking(() => expect(hook.requests.length).toBeGreaterThanOrEqual(3));
      hook.status = 200;
      hook.headers = {};
      await ticking(async () => {
        const list = await call(notifier.baseUrl, 'GET', `/api/v1/notices?tenant=${tenant}`);
        expect(list.body.items[0].delivery.status).toBe('delivered');
      });
      const ids = new Set(hook.requests.map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(1);
      const list = await call(notifier.baseUrl, 'GET', `/api/v1/notices?tenant=${tenant}`);
      const attempts = list.body.items[0].delivery.attempts as { outcome: string; statusCode: number }[];
      expect(attempts.at(-1)).toMatchObject({ outcome: 'delivered', statusCode: 200 });
      expect(attempts.filter((x) => x.outcome === 'retry').length).toBe(hook.requests.length - 1);

      hook.status = 400;
      const before = hook.requests.length;
      await publishLifecycle(
        bus,
        newLifecycle(2002, 'TicketAcknowledged', { ...ticket, status: 'acknowledged' }),
      );
      await expectEventually(async () => {
        const failed = await call(notifier.baseUrl, 'GET', `/api/v1/notices?tenant=${tenant}&status=failed`);
        expect(failed.body.items).toHaveLength(1);
      });
      expect(hook.requests.length).toBe(before + 1);
      const failed = await call(notifier.baseUrl, 'GET', `/api/v1/notices?tenant=${tenant}&status=failed`);
      const delivery = failed.body.items[0].delivery as { id: string };
      hook.status = 200;
      const retried = await call(notifier.baseUrl, 'POST', `/api/v1/notices/deliveries/${delivery.id}/retry`);
      expect(retried.status).toBe(202);
      await expectEventually(() => expect(hook.requests.length).toBe(before + 2));
      expect(hook.requests.at(-1)!.headers['webhook-id']).toBe(delivery.id);
      const customer = authorization(await customerKey(notifier.baseUrl, tenant));
      expect(
        (
          await call(
            notifier.baseUrl,
            'POST',
            `/api/v1/notices/deliveries/${delivery.id}/retry`,
            undefined,
            customer,
          )
        ).status,
      ).toBe(403);
    });
  });

  describe('escalations', () => {
    it("page the NOC subscriptions of the step's target only (or every target's, without a list)", async () => {
      const [lead, onCall] = [await receiver(), await receiver()];
      const leadSub = await subscribe('_noc', {
        channel: 'webhook',
        url: lead.url,
        secret: newSecret(),
        escalationTargets: ['noc-lead'],
      });
      const onCallSub = await subscribe('_noc', {
        channel: 'webhook',
        url: onCall.url,
        secret: newSecret(),
        escalationTargets: ['on-call', ' on-call '],
      });
      const shown = await call(notifier.baseUrl, 'GET', `/api/v1/tenants/_noc/subscriptions/${onCallSub.id}`);
      expect(shown.body.escalationTargets).toEqual(['on-call']);

      const ticket = { id: randomUUID(), tenant: uniqueId('esc') };
      const escalated = (id: number) =>
        newLifecycle(id, 'TicketEscalated', ticket, {
          step: 1,
          round: 0,
          target: 'noc-lead',
          policy: 'major',
          reason: 'not acknowledged within 15 min',
        });
      await publishLifecycle(bus, escalated(3001));
      await expectEventually(() => expect(lead.requests).toHaveLength(1));
      expect(JSON.parse(lead.requests[0].body)).toMatchObject({ type: 'ticket.escalated' });
      await notifier.worker.drain();
      expect(onCall.requests).toHaveLength(0);

      // without a list the subscription is paged for every target
      const cleared = await call(
        notifier.baseUrl,
        'PATCH',
        `/api/v1/tenants/_noc/subscriptions/${onCallSub.id}`,
        {
          escalationTargets: null,
        },
      );
      expect(cleared.body.escalationTargets).toBeNull();
      await publishLifecycle(bus, escalated(3002));
      await expectEventually(() => expect(onCall.requests).toHaveLength(1));
      await expectEventually(() => expect(lead.requests).toHaveLength(2));
      for (const id of [leadSub.id, onCallSub.id])
        await call(notifier.baseUrl, 'DELETE', `/api/v1/tenants/_noc/subscriptions/${id}`);
    });
  });
});
