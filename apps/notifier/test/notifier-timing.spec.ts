import { randomUUID } from 'node:crypto';

import { InMemoryChannel } from '@preempt/messaging';
import { type Database, openDatabase } from '@preempt/storage';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import {
  call,
  newLifecycle,
  newSecret,
  publishLifecycle,
  Receiver,
  type RunningNotifier,
  startNotifier,
  TestClock,
  uniqueId,
} from './notifier.fixture';

const HOUR = 3_600_000;

// Quiet hours, digests, maintenance reminders, the retry horizon, PagerDuty: a clock the test moves.
describe('notifier in compressed time', () => {
  let db: Database;
  let bus: InMemoryChannel;
  let notifier: RunningNotifier;
  // 2027-01-05 23:00 in Paris (22:00Z): inside 22:00-07:00 quiet hours
  const clock = new TestClock(Date.parse('2027-01-05T22:00:00Z'));
  const receivers: Receiver[] = [];
  let nextId = 5000;

  const receiver = async () => {
    const r = await new Receiver().start();
    receivers.push(r);
    return r;
  };
  const subscribe = async (tenant: string, body: Record<string, unknown>) => {
    const created = await call(notifier.baseUrl, 'POST', `/api/v1/tenants/${tenant}/subscriptions`, body);
    expect(created.status).toBe(201);
    return created.body as { id: string };
  };
  const types = (r: Receiver) => r.bodies().map((b) => b.type);

  beforeAll(async () => {
    db = await openDatabase({ dataDir: ':memory:', applicationName: 'notifier-timing-spec' });
    bus = new InMemoryChannel();
    notifier = await startNotifier(
      { devices: bus, apps: bus },
      db,
      { DIGEST_THRESHOLD: '5', DIGEST_WINDOW: '60s', DELIVERY_RETRY_HORIZON: '10m' },
      { clock },
    );
  });
  afterAll(async () => {
    await notifier.close();
    await bus.close();
    await db.close();
    for (const r of receivers) await r.stop();
  });

  it('quiet hours hold a non-urgent notice until their end; a critical one goes through at once', async () => {
    const tenant = uniqueId('quiet');
    const hook = await receiver();
    await subscribe(tenant, {
      channel: 'webhook',
      url: hook.url,
      secret: newSecret(),
      quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Paris' },
    });
    await publishLifecycle(
      bus,
      newLifecycle(nextId++, 'TicketOpened', { id: randomUUID(), tenant, severity: 'minor' }),
    );
    await publishLifecycle(
      bus,
      newLifecycle(nextId++, 'TicketOpened', {
        id: randomUUID(),
        tenant,
        device: 'olt-7',
        severity: 'critical',
      }),
    );
    await expectEventually(() => expect(hook.requests).toHaveLength(1));
    expect(hook.bodies()[0]).toMatchObject({ ticket: { device: 'olt-7', severity: 'critical' } });
    const held = await call(notifier.baseUrl, 'GET', `/api/v1/notices?tenant=${tenant}&status=pending`);
    expect(held.body.items[0].delivery.heldUntil).toBe('2027-01-06T06:00:00.000Z'); // 07:00 Paris
    clock.advance(7 * HOUR + 59 * 60_000); // 06:59 Paris
    await notifier.worker.drain();
    expect(hook.requests).toHaveLength(1);
    clock.advance(60_000); // 07:00 Paris
    await notifier.worker.drain();
    expect(hook.requests).toHaveLength(2);
    expect(hook.bodies()[1]).toMatchObject({ ticket: { device: 'rtr-01', severity: 'minor' } });
  });

  it('50 tickets within a minute: the first 5 notices, then one digest of the other 45 at the end of the window', async () => {
    const tenant = uniqueId('burst');
    const hook = await receiver();
    await subscribe(tenant, { channel: 'webhook', url: hook.url, secret: newSecret() });
    for (let i = 0; i < 50; i++)
      await publishLifecycle(
        bus,
        newLifecycle(nextId++, 'TicketOpened', { id: randomUUID(), tenant, device: `sw-${i}` }),
      );
    await notifier.worker.drain();
    expect(types(hook)).toEqual(Array(5).fill('ticket.opened'));
    clock.advance(60_000);
    await notifier.worker.drain();
    expect(types(hook)).toEqual([...Array(5).fill('ticket.opened'), 'ticket.digest']);
    const digest = hook.bodies()[5] as { notice: { subject: string; text: string } };
    expect(digest.notice.subject).toBe('45 updates about your equipment');
    expect(digest.notice.text).toContain('sw-49');
    const digested = await call(
      notifier.baseUrl,
      'GET',
      `/api/v1/notices?tenant=${tenant}&status=digested&limit=500`,
    );
    expect(digested.body.items).toHaveLength(45);
  });

  it('a maintenance booking: notice, reminders 24 h and 1 h before, completion; the preview is the text the customer got', async () => {
    const tenant = uniqueId('maint');
    const hook = await receiver();
    await subscribe(tenant, {
      channel: 'webhook',
      url: hook.url,
      secret: newSecret(),
      quietHours: { start: '02:00', end: '03:00', timeZone: 'Europe/Paris' },
    });
    const ticket = { id: randomUUID(), tenant, status: 'acknowledged' as const };
    const start = new Date(clock.now() + 48 * HOUR).toISOString();
    const end = new Date(clock.now() + 50 * HOUR).toISOString();
    const maintenance = {
      id: randomUUID(),
      windowId: randomUUID(),
      start,
      end,
      impact: 'outage',
      note: 'fan tray swap',
    };
    await publishLifecycle(bus, newLifecycle(nextId++, 'TicketOpened', { ...ticket, status: 'open' }));
    await publishLifecycle(bus, newLifecycle(nextId++, 'TicketAcknowledged', ticket));
    await publishLifecycle(bus, newLifecycle(nextId++, 'MaintenanceScheduled', ticket, { maintenance }));
    await notifier.worker.drain();
    expect(types(hook)).toEqual(['ticket.opened', 'ticket.acknowledged', 'ticket.maintenance-scheduled']);
    const booked = hook.bodies()[2] as { notice: { subject: string; text: string } };
    expect(booked.notice.text).toContain('Service through this equipment will be interrupted');
    expect(booked.notice.text).toContain('fan tray swap');
    expect(booked.notice.text).toContain('(Europe/Paris)');

    const preview = await call(
      notifier.baseUrl,
      'GET',
      `/api/v1/tickets/${ticket.id}/notice-preview?event=maintenance-scheduled&language=en&timeZone=Europe/Paris`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ subject: booked.notice.subject, text: booked.notice.text });
    const alias = await call(
      notifier.baseUrl,
      'GET',
      `/api/v1/notices/preview?ticket=${ticket.id}&event=maintenance-scheduled&timeZone=Europe/Paris`,
    );
    expect(alias.body.text).toBe(booked.notice.text);

    clock.advance(23 * HOUR);
    await notifier.worker.drain();
    expect(hook.requests).toHaveLength(3);
    clock.advance(HOUR); // 24 h before the start
    await notifier.worker.drain();
    expect(types(hook).at(-1)).toBe('ticket.maintenance-reminder');
    expect((hook.bodies()[3] as { notice: { text: string } }).notice.text).toContain('starts in 24 hours');
    clock.advance(23 * HOUR); // 1 h before
    await notifier.worker.drain();
    expect(types(hook)).toHaveLength(5);
    expect((hook.bodies()[4] as { notice: { text: string } }).notice.text).toContain('starts in 1 hour');
    clock.advance(3 * HOUR);
    await publishLifecycle(bus, newLifecycle(nextId++, 'MaintenanceCompleted', ticket, { maintenance }));
    await publishLifecycle(
      bus,
      newLifecycle(nextId++, 'TicketResolved', { ...ticket, status: 'resolved', resolution: 'manual' }),
    );
    await notifier.worker.drain();
    expect(types(hook).slice(5)).toEqual(['ticket.maintenance-completed', 'ticket.resolved']);
  });

  it('a cancelled maintenance sends its notice and drops its reminders; a silenced ticket tells nobody', async () => {
    const tenant = uniqueId('cancel');
    const hook = await receiver();
    await subscribe(tenant, { channel: 'webhook', url: hook.url, secret: newSecret() });
    const ticket = { id: randomUUID(), tenant };
    const maintenance = {
      id: randomUUID(),
      start: new Date(clock.now() + 30 * HOUR).toISOString(),
      end: new Date(clock.now() + 31 * HOUR).toISOString(),
      impact: 'none',
    };
    await publishLifecycle(bus, newLifecycle(nextId++, 'TicketOpened', ticket));
    await publishLifecycle(bus, newLifecycle(nextId++, 'MaintenanceScheduled', ticket, { maintenance }));
    await publishLifecycle(bus, newLifecycle(nextId++, 'MaintenanceCancelled', ticket, { maintenance }));
    await publishLifecycle(
      bus,
      newLifecycle(nextId++, 'TicketAcknowledged', ticket, { silencedBy: [randomUUID()] }),
    );
    clock.advance(30 * HOUR);
    await notifier.worker.drain();
    expect(types(hook)).toEqual([
      'ticket.opened',
      'ticket.maintenance-scheduled',
      'ticket.maintenance-cancelled',
    ]);
  });

  it('a receiver failing past the retry horizon: the delivery fails, the subscription is disabled, the NOC is told', async () => {
    const tenant = uniqueId('down');
    const dead = await receiver();
    await dead.stop(); // refuses connections
    const noc = await receiver();
    const customer = await subscribe(tenant, { channel: 'webhook', url: dead.url, secret: newSecret() });
    await subscribe('_noc', {
      channel: 'webhook',
      url: noc.url,
      secret: newSecret(),
      events: ['subscription-disabled'],
    });
    await publishLifecycle(bus, newLifecycle(nextId++, 'TicketOpened', { id: randomUUID(), tenant }));
    for (let i = 0; i < 15; i++) {
      await notifier.worker.drain();
      clock.advance(HOUR / 30); // 2 min
    }
    await notifier.worker.drain();
    const sub = await call(notifier.baseUrl, 'GET', `/api/v1/tenants/${tenant}/subscriptions/${customer.id}`);
    expect(sub.body).toMatchObject({ enabled: false });
    expect(sub.body.disabledReason).toContain('kept failing');
    const failed = await call(notifier.baseUrl, 'GET', `/api/v1/notices?tenant=${tenant}&status=failed`);
    expect(failed.body.items[0].delivery.attempts.length).toBeGreaterThan(2);
    await expectEventually(() => expect(types(noc)).toEqual(['ticket.subscription-disabled']));
    expect((noc.bodies()[0] as { notice: { subject: string } }).notice.subject).toContain(tenant);
  });

  it('PagerDuty: trigger, acknowledge and resolve with the ticket id as dedup_key', async () => {
    const pd = await receiver();
    pd.status = 202;
    const routingKey = 'R0UT1NGKEY0000000000000000000001';
    await subscribe('_noc', {
      channel: 'pagerduty',
      routingKey,
      url: pd.url,
      events: ['opened', 'acknowledged', 'resolved', 'escalated'],
    });
    const tenant = uniqueId('pd');
    const ticket = { id: randomUUID(), tenant, severity: 'critical' as const };
    await publishLifecycle(bus, newLifecycle(nextId++, 'TicketOpened', ticket));
    await publishLifecycle(
      bus,
      newLifecycle(nextId++, 'TicketAcknowledged', { ...ticket, status: 'acknowledged' }),
    );
    await publishLifecycle(
      bus,
      newLifecycle(nextId++, 'TicketResolved', { ...ticket, status: 'resolved', resolution: 'manual' }),
    );
    await notifier.worker.drain();
    const sent = pd.bodies().filter((b) => b.dedup_key === ticket.id);
    expect(sent.map((b) => b.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    for (const body of sent) expect(body).toMatchObject({ routing_key: routingKey, dedup_key: ticket.id });
    expect(sent[0].payload).toMatchObject({
      severity: 'critical',
      source: 'rtr-01',
      summary: expect.any(String),
    });
  });

  it('settled notices past NOTICE_RETENTION (30 d) are deleted with their attempts; pending ones stay', async () => {
    const before = await call(notifier.baseUrl, 'GET', '/api/v1/notices?limit=500');
    expect(before.body.items.length).toBeGreaterThan(0);
    clock.advance(31 * 24 * HOUR);
    await notifier.worker.drain();
    const after = await call(notifier.baseUrl, 'GET', '/api/v1/notices?limit=500');
    const settled = ['delivered', 'failed', 'digested', 'cancelled'];
    expect(
      after.body.items.filter((n: { delivery: { status: string } }) => settled.includes(n.delivery.status)),
    ).toEqual([]);
  });
});
