import { randomUUID } from 'node:crypto';

import { type TicketLifecycleMessage, ticketLifecycleTopic } from '@preempt/contracts';
import { MqttChannel } from '@preempt/messaging';
import { type Database, openDatabase } from '@preempt/storage';
import type { MqttClient } from 'mqtt';
import { Webhook } from 'standardwebhooks';

import { type AppName, AppProcess } from '../../../tests/e2e/app-process';
import { expectEventually } from '../../../tests/harness/expect-eventually';
import { clearSession, connectClient, TEST_ADMIN_KEY, uniqueId } from '../../../tests/harness/test-kit';
import { Mailbox } from './mailbox';
import {
  call,
  newLifecycle,
  newSecret,
  Receiver,
  type RunningNotifier,
  startNotifier,
  TestClock,
} from './notifier.fixture';

const publish = (client: MqttClient, message: TicketLifecycleMessage) =>
  client.publishAsync(
    ticketLifecycleTopic(message.ticket.tenant, message.ticket.id),
    JSON.stringify(message),
    { qos: 1 },
  );

// Ids of the outbox rows: increasing across the run (the notifier skips an id it already applied per ticket).
let nextId = Date.now();

describe('notifier on Mosquitto and PostgreSQL, with a real webhook receiver and SMTP server', () => {
  let client: MqttClient;
  let mailbox: Mailbox;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const r = await new Receiver().start();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    client = await connectClient();
    mailbox = await new Mailbox().start();
  });
  afterAll(async () => {
    await client.endAsync();
    await mailbox.stop();
    for (const r of receivers) await r.stop();
  });

  describe('in this process', () => {
    let db: Database;
    let notifier: RunningNotifier;
    let mqtt: MqttChannel;

    beforeAll(async () => {
      db = await openDatabase({
        url: process.env.DATABASE_URL,
        dataDir: ':memory:',
        applicationName: 'notifier-int',
      });
      const env = {
        SMTP_URL: mailbox.url,
        PUBLIC_URL: 'http://notices.example.test',
        MQTT_SHARED_GROUP: uniqueId('g'),
      };
      const clientId = uniqueId('notifier');
      mqtt = new MqttChannel({
        url: process.env.MQTT_URL!,
        clientId,
        protocolVersion: 5,
        receiveMaximum: 100,
        sessionExpirySeconds: 60,
        sharedSubscriptions: true,
      });
      notifier = await startNotifier({ devices: mqtt, apps: mqtt }, db, { ...env, MQTT_CLIENT_ID: clientId });
    });
    afterAll(async () => {
      await notifier.close();
      await db.close();
    });

    it("a ticket of tenant A reaches A's webhook (signed with A's secret), A's mailbox and A's MQTT topic, nothing of B's; updates follow in order", async () => {
      const [a, b] = [uniqueId('a'), uniqueId('b')];
      const [hookA, hookB] = [await receiver(), await receiver()];
      const secretA = newSecret();
      const sub = (tenant: string, body: Record<string, unknown>) =>
        call(notifier.baseUrl, 'POST', `/api/v1/tenants/${tenant}/subscriptions`, body);
      expect((await sub(a, { channel: 'webhook', url: hookA.url, secret: secretA })).status).toBe(201);
      const mailA = await sub(a, { channel: 'email', address: `noc@${a}.example` });
      expect(mailA.status).toBe(201);
      expect((await sub(a, { channel: 'mqtt' })).status).toBe(201);
      expect((await sub(b, { channel: 'webhook', url: hookB.url, secret: newSecret() })).status).toBe(201);
      expect((await sub(b, { channel: 'email', address: `noc@${b}.example` })).status).toBe(201);

      const ticket = { id: randomUUID(), tenant: a };
      const maintenance = {
        id: randomUUID(),
        windowId: randomUUID(),
        start: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        end: new Date(Date.now() + 3 * 86_400_000 + 7_200_000).toISOString(),
        impact: 'degraded',
        note: null,
      };
      await publish(client, newLifecycle(nextId++, 'TicketOpened', ticket));
      await publish(
        client,
        newLifecycle(nextId++, 'TicketAcknowledged', { ...ticket, status: 'acknowledged' }),
      );
      await publish(
        client,
        newLifecycle(
          nextId++,
          'MaintenanceScheduled',
          { ...ticket, status: 'acknowledged' },
          { maintenance },
        ),
      );
      await publish(
        client,
        newLifecycle(nextId++, 'TicketResolved', { ...ticket, status: 'resolved', resolution: 'manual' }),
      );

      const order = [
        'ticket.opened',
        'ticket.acknowledged',
        'ticket.maintenance-scheduled',
        'ticket.resolved',
      ];
      await expectEventually(() => expect(hookA.bodies().map((x) => x.type)).toEqual(order), {
        timeoutMs: 15_000,
      });
      for (const request of hookA.requests)
        expect(
          new Webhook(secretA).verify(request.body, request.headers as Record<string, string>),
        ).toMatchObject({ tenant: a });
      await expectEventually(() => expect(mailbox.to(`noc@${a}.example`)).toHaveLength(4), {
        timeoutMs: 15_000,
      });
      const mails = mailbox.to(`noc@${a}.example`);
      expect(mails.map((m) => m.headers.get('subject'))).toEqual(
        hookA.bodies().map((x) => (x.notice as { subject: string }).subject),
      );
      const [first] = mails;
      expect(first.raw).toContain('text/plain');
      expect(first.raw).toContain('text/html');
      expect(first.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const link = /<([^>]+)>/.exec(first.headers.get('list-unsubscribe') ?? '')![1];
      expect(link.startsWith('http://notices.example.test/notices/unsubscribe?token=')).toBe(true);

      const retained = await connectClient();
      const seen: { topic: string; body: Record<string, unknown>; retain: boolean }[] = [];
      retained.on('message', (topic, payload, packet) =>
        seen.push({ topic, body: JSON.parse(payload.toString()), retain: packet.retain }),
      );
      await retained.subscribeAsync(`notices/${a}/+`, { qos: 1 });
      await expectEventually(() => expect(seen).toHaveLength(1));
      expect(seen[0]).toMatchObject({
        topic: `notices/${a}/${ticket.id}`,
        retain: true,
        body: { type: 'ticket.resolved' },
      });
      await retained.endAsync();

      expect(hookB.requests).toHaveLength(0);
      expect(mailbox.to(`noc@${b}.example`)).toHaveLength(0);

      // RFC 8058 one-click: what a mail client POSTs
      const path = link.replace('http://notices.example.test', '');
      const clicked = await fetch(notifier.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(clicked.status).toBe(200);
      const after = await call(
        notifier.baseUrl,
        'GET',
        `/api/v1/tenants/${a}/subscriptions/${mailA.body.id}`,
      );
      expect(after.body).toMatchObject({ enabled: false, disabledReason: 'unsubscribed by the recipient' });
      const forged = await fetch(`${notifier.baseUrl}/notices/unsubscribe?token=${mailA.body.id}.AAAA`, {
        method: 'POST',
      });
      expect(forged.status).toBe(400);
    });

    it('a receiver refusing connections, then answering 503, then up: one notice, the same webhook-id on every attempt', async () => {
      const tenant = uniqueId('flaky');
      const hook = await receiver();
      await hook.stop(); // refuses connections
      await call(notifier.baseUrl, 'POST', `/api/v1/tenants/${tenant}/subscriptions`, {
        channel: 'webhook',
        url: hook.url,
        secret: newSecret(),
      });
      await publish(client, newLifecycle(nextId++, 'TicketOpened', { id: randomUUID(), tenant }));
      const attempts = async () =>
        (await call(notifier.baseUrl, 'GET', `/api/v1/notices?tenant=${tenant}`)).body.items[0]?.delivery
          .attempts ?? [];
      await expectEventually(async () => expect((await attempts()).length).toBeGreaterThanOrEqual(2), {
        timeoutMs: 15_000,
      });
      hook.status = 503;
      await hook.start();
      await expectEventually(() => expect(hook.requests.length).toBeGreaterThanOrEqual(2), {
        timeoutMs: 15_000,
      });
      hook.status = 200;
      await expectEventually(
        async () => expect((await attempts()).at(-1)).toMatchObject({ outcome: 'delivered' }),
        {
          timeoutMs: 15_000,
        },
      );
      expect(new Set(hook.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
      const log = (await attempts()) as {
        outcome: string;
        statusCode: number | null;
        error: string | null;
      }[];
      expect(log.some((x) => x.statusCode === null && x.error)).toBe(true); // refused
      expect(log.some((x) => x.statusCode === 503)).toBe(true);
    });
  });

  describe('in compressed time (an injected clock), on PostgreSQL', () => {
    const HOUR = 3_600_000;
    let db: Database;
    let notifier: RunningNotifier;
    let mqtt: MqttChannel;
    // 23:00 in Paris
    const clock = new TestClock(Date.parse('2027-01-05T22:00:00Z'));

    beforeAll(async () => {
      db = await openDatabase({
        url: process.env.DATABASE_URL,
        dataDir: ':memory:',
        applicationName: 'notifier-int-time',
      });
      const clientId = uniqueId('notifier-time');
      mqtt = new MqttChannel({
        url: process.env.MQTT_URL!,
        clientId,
        protocolVersion: 5,
        receiveMaximum: 100,
        sessionExpirySeconds: 60,
        sharedSubscriptions: true,
      });
      notifier = await startNotifier(
        { devices: mqtt, apps: mqtt },
        db,
        {
          SMTP_URL: mailbox.url,
          MQTT_CLIENT_ID: clientId,
          MQTT_SHARED_GROUP: uniqueId('g'),
          DIGEST_THRESHOLD: '5',
          DIGEST_WINDOW: '60s',
        },
        { clock },
      );
    });
    afterAll(async () => {
      await notifier.close();
      await db.close();
    });

    const mailSubjects = (address: string) => mailbox.to(address).map((m) => m.headers.get('subject'));

    it('quiet hours hold a non-urgent e-mail until their end, a critical one goes at once; 50 tickets in a minute make 5 notices and one digest', async () => {
      const tenant = uniqueId('quiet');
      const address = `ops@${tenant}.example`;
      await call(notifier.baseUrl, 'POST', `/api/v1/tenants/${tenant}/subscriptions`, {
        channel: 'email',
        address,
        quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Paris' },
      });
      await publish(
        client,
        newLifecycle(nextId++, 'TicketOpened', {
          id: randomUUID(),
          tenant,
          device: 'sw-minor',
          severity: 'minor',
        }),
      );
      await publish(
        client,
        newLifecycle(nextId++, 'TicketOpened', {
          id: randomUUID(),
          tenant,
          device: 'olt-crit',
          severity: 'critical',
        }),
      );
      await expectEventually(() => expect(mailSubjects(address)).toHaveLength(1), { timeoutMs: 15_000 });
      expect(mailSubjects(address)[0]).toContain('olt-crit');
      clock.advance(8 * HOUR); // 07:00 Paris
      await notifier.worker.drain();
      await expectEventually(() => expect(mailSubjects(address)).toHaveLength(2));
      expect(mailSubjects(address)[1]).toContain('sw-minor');

      const burst = uniqueId('burst');
      const hook = await receiver();
      await call(notifier.baseUrl, 'POST', `/api/v1/tenants/${burst}/subscriptions`, {
        channel: 'webhook',
        url: hook.url,
        secret: newSecret(),
      });
      for (let i = 0; i < 50; i++)
        await publish(
          client,
          newLifecycle(nextId++, 'TicketOpened', { id: randomUUID(), tenant: burst, device: `sw-${i}` }),
        );
      await expectEventually(
        async () => {
          const all = await call(notifier.baseUrl, 'GET', `/api/v1/notices?tenant=${burst}&limit=500`);
          expect(all.body.items).toHaveLength(50);
        },
        { timeoutMs: 20_000 },
      );
      await notifier.worker.drain();
      expect(hook.requests).toHaveLength(5);
      clock.advance(60_000);
      await notifier.worker.drain();
      await expectEventually(() =>
        expect(
          hook
            .bodies()
            .map((b) => b.type)
            .at(-1),
        ).toBe('ticket.digest'),
      );
      expect(hook.requests).toHaveLength(6);
      expect((hook.bodies()[5] as { notice: { subject: string } }).notice.subject).toBe(
        '45 updates about your equipment',
      );
    });

    it('a maintenance booked: the notice, reminders 24 h and 1 h before, completion; the preview shows the text the customer got', async () => {
      const tenant = uniqueId('maint');
      const hook = await receiver();
      await call(notifier.baseUrl, 'POST', `/api/v1/tenants/${tenant}/subscriptions`, {
        channel: 'webhook',
        url: hook.url,
        secret: newSecret(),
        quietHours: { start: '03:00', end: '04:00', timeZone: 'America/New_York' },
      });
      const ticket = { id: randomUUID(), tenant, status: 'acknowledged' as const };
      const maintenance = {
        id: randomUUID(),
        windowId: randomUUID(),
        start: new Date(clock.now() + 72 * HOUR).toISOString(),
        end: new Date(clock.now() + 74 * HOUR).toISOString(),
        impact: 'outage',
        note: 'line card swap',
      };
      await publish(client, newLifecycle(nextId++, 'TicketOpened', { ...ticket, status: 'open' }));
      await publish(client, newLifecycle(nextId++, 'MaintenanceScheduled', ticket, { maintenance }));
      await expectEventually(
        () =>
          expect(hook.bodies().map((b) => b.type)).toEqual(['ticket.opened', 'ticket.maintenance-scheduled']),
        {
          timeoutMs: 15_000,
        },
      );
      const booked = (hook.bodies()[1] as { notice: { subject: string; text: string } }).notice;
      const preview = await call(
        notifier.baseUrl,
        'GET',
        `/api/v1/tickets/${ticket.id}/notice-preview?event=maintenance-scheduled&language=en&timeZone=America/New_York`,
      );
      expect(preview.body).toMatchObject({ subject: booked.subject, text: booked.text });
      expect(booked.text).toContain('(America/New_York)');
      clock.advance(48 * HOUR);
      await notifier.worker.drain();
      await expectEventually(() => expect(hook.requests).toHaveLength(3));
      clock.advance(23 * HOUR);
      await notifier.worker.drain();
      await expectEventually(() => expect(hook.requests).toHaveLength(4));
      const texts = hook.bodies().map((b) => (b.notice as { text: string }).text);
      expect(texts[2]).toContain('starts in 24 hours');
      expect(texts[3]).toContain('starts in 1 hour');
      clock.advance(4 * HOUR);
      await publish(client, newLifecycle(nextId++, 'MaintenanceCompleted', ticket, { maintenance }));
      await expectEventually(
        () =>
          expect(
            hook
              .bodies()
              .map((b) => b.type)
              .at(-1),
          ).toBe('ticket.maintenance-completed'),
        {
          timeoutMs: 15_000,
        },
      );
    });
  });

  describe('as its own process, killed with SIGKILL mid-delivery', () => {
    it('every notice arrives; deduplicating by webhook-id leaves exactly one of each', async () => {
      const tenant = uniqueId('crash');
      const clientId = uniqueId('notifier-proc');
      const group = uniqueId('g');
      const hook = await receiver();
      const proc = new AppProcess('notifier' as AppName, {
        DATABASE_URL: process.env.DATABASE_URL!,
        MQTT_URL: process.env.MQTT_URL!,
        MQTT_CLIENT_ID: clientId,
        MQTT_SHARED_GROUP: group,
        ADMIN_API_KEY: TEST_ADMIN_KEY,
        DELIVERY_POLL_INTERVAL: '100ms',
        DELIVERY_BACKOFF_INITIAL: '100ms',
        DELIVERY_LEASE: '2s',
        DELIVERY_TIMEOUT: '1s',
        LOG_LEVEL: 'warn',
      });
      try {
        await proc.start();
        const created = await call(proc.baseUrl, 'POST', `/api/v1/tenants/${tenant}/subscriptions`, {
          channel: 'webhook',
          url: hook.url,
          secret: newSecret(),
        });
        expect(created.status).toBe(201);
        // the receiver takes the requests and never answers: the notifier dies before it records them
        hook.hang = true;
        const tickets = Array.from({ length: 5 }, () => ({ id: randomUUID(), tenant }));
        for (const ticket of tickets) await publish(client, newLifecycle(nextId++, 'TicketOpened', ticket));
        await expectEventually(() => expect(hook.requests.length).toBeGreaterThanOrEqual(1), {
          timeoutMs: 15_000,
        });
        const inFlight = new Set(hook.requests.map((r) => r.headers['webhook-id']));
        await proc.kill('SIGKILL');
        hook.hang = false;
        await proc.start();
        // every notice arrives once its lease ends, under the id it had before the kill
        await expectEventually(
          async () => {
            expect(new Set(hook.requests.map((r) => r.headers['webhook-id'])).size).toBe(tickets.length);
            const list = await call(proc.baseUrl, 'GET', `/api/v1/notices?tenant=${tenant}`);
            expect(list.body.items.map((x: { delivery: { status: string } }) => x.delivery.status)).toEqual(
              Array(tickets.length).fill('delivered'),
            );
          },
          { timeoutMs: 30_000 },
        );
        // requests were in flight at the kill (the receiver held them unanswered)
        expect(inFlight.size).toBeGreaterThan(0);
        expect(hook.requests.length).toBeGreaterThanOrEqual(tickets.length);
        const byId = new Map<string, string>();
        for (const r of hook.requests)
          byId.set(String(r.headers['webhook-id']), JSON.parse(r.body).ticket.id);
        expect([...byId.values()].sort()).toEqual(tickets.map((t) => t.id).sort());
      } finally {
        await proc.stop();
        await clearSession(clientId);
      }
    });
  });
});
