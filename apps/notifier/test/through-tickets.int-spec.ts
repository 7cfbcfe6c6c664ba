import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { AccessModule } from '@preempt/access';
import { createApp, ObservabilityModule } from '@preempt/common';
import { type DetectionEvent, detectionEventId, topics } from '@preempt/contracts';
import { InMemoryChannel, MessagingModule } from '@preempt/messaging';
import { type Database, DatabaseModule, openDatabase } from '@preempt/storage';
import { Webhook } from 'standardwebhooks';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import { appTestEnv, listenOnFreePort, testAccess, uniqueId } from '../../../tests/harness/test-kit';
import { loadTicketsEnv, TicketsModule, toTicketsConfig } from '../../tickets/src';
import { loadNotifierEnv, NotifierModule, toNotifierConfig } from '../src';
import { call, newSecret, Receiver } from './notifier.fixture';

@Module({})
class TicketsAndNotifier {}

const MIN = 60_000;

/** An anomaly of the device's temperature (three within 30 min open a ticket). */
function anomaly(tenant: string, device: string, at: number): DetectionEvent {
  return {
    id: detectionEventId('anomaly', tenant, device, 'temperature', at),
    type: 'anomaly',
    tenant,
    device,
    failureMode: 'overheating',
    recommendedAction: 'Check fans and airflow',
    evidence: {
      metric: 'temperature',
      at,
      observed: 71,
      expected: 60,
      band: { lower: 55, upper: 65 },
      score: 0.95,
      component: 'baseline',
      forecast: null,
    },
  } as DetectionEvent;
}

// The real tickets app and the notifier side by side (as in the all-in-one), on PostgreSQL: lifecycle
// events reach the notifier through the tickets app's outbox relay, not through the test.
describe('notifier through the real tickets app (outbox relay)', () => {
  let db: Database;
  let bus: InMemoryChannel;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const env = appTestEnv('through', {
      TICKET_EVENTS_RELAY_INTERVAL: '100ms',
      DELIVERY_POLL_INTERVAL: '50ms',
      // tickets opened by anomalies (by default only forecasts open: apps/tickets README "Correlation rules")
      TICKET_ANOMALY_OPENS: 'any',
      TICKET_ANOMALY_MIN_SPAN: '0',
    });
    db = await openDatabase({
      url: process.env.DATABASE_URL,
      dataDir: ':memory:',
      applicationName: 'notifier-through',
    });
    bus = new InMemoryChannel();
    const root: DynamicModule = {
      module: TicketsAndNotifier,
      imports: [
        ObservabilityModule,
        MessagingModule.register({ devices: bus, apps: bus }),
        DatabaseModule.register(db),
        AccessModule.register(testAccess(env)),
        TicketsModule.register(toTicketsConfig(loadTicketsEnv(env))),
        NotifierModule.register(toNotifierConfig(loadNotifierEnv(env))),
      ],
    };
    app = await createApp(root, 'warn');
    baseUrl = await listenOnFreePort(app);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('a ticket opened by detection events, acknowledged, booked for maintenance and resolved: the notices in order, the preview equal to the booking notice', async () => {
    const tenant = uniqueId('e2e');
    const hook = await new Receiver().start();
    const secret = newSecret();
    try {
      const sub = await call(baseUrl, 'POST', `/api/v1/tenants/${tenant}/subscriptions`, {
        channel: 'webhook',
        url: hook.url,
        secret,
      });
      expect(sub.status).toBe(201);
      const t0 = Date.now() - 20 * MIN;
      for (const at of [t0, t0 + 5 * MIN, t0 + 10 * MIN])
        await bus.publish(
          topics.detectionEvents(tenant, 'rtr-01'),
          JSON.stringify(anomaly(tenant, 'rtr-01', at)),
          {
            key: `${tenant}/rtr-01`,
          },
        );
      await expectEventually(() => expect(hook.bodies().map((b) => b.type)).toEqual(['ticket.opened']), {
        timeoutMs: 15_000,
      });
      const ticketId = (hook.bodies()[0].ticket as { id: string }).id;

      expect((await call(baseUrl, 'POST', `/api/v1/tickets/${ticketId}/acknowledge`, {})).status).toBe(200);
      const start = new Date(Date.now() + 2 * 86_400_000).toISOString();
      const end = new Date(Date.now() + 2 * 86_400_000 + 2 * 3_600_000).toISOString();
      const booked = await call(baseUrl, 'POST', `/api/v1/tickets/${ticketId}/maintenance`, {
        start,
        end,
        impact: 'degraded',
        note: 'fan tray swap',
      });
      expect(booked.status).toBe(201);
      await expectEventually(
        () =>
          expect(hook.bodies().map((b) => b.type)).toEqual([
            'ticket.opened',
            'ticket.acknowledged',
            'ticket.maintenance-scheduled',
          ]),
        { timeoutMs: 15_000 },
      );
      const notice = hook.bodies()[2].notice as { subject: string; text: string };
      expect(notice.text).toContain('fan tray swap');
      const preview = await call(
        baseUrl,
        'GET',
        `/api/v1/tickets/${ticketId}/notice-preview?event=maintenance-scheduled&language=en`,
      );
      expect(preview.body).toMatchObject({ subject: notice.subject, text: notice.text });

      expect(
        (await call(baseUrl, 'POST', `/api/v1/tickets/${ticketId}/resolve`, { comment: 'fixed' })).status,
      ).toBe(200);
      await expectEventually(
        () =>
          expect(
            hook
              .bodies()
              .map((b) => b.type)
              .at(-1),
          ).toBe('ticket.resolved'),
        {
          timeoutMs: 15_000,
        },
      );
      for (const request of hook.requests)
        expect(
          new Webhook(secret).verify(request.body, request.headers as Record<string, string>),
        ).toMatchObject({ tenant });
    } finally {
      await hook.stop();
    }
  });
});
