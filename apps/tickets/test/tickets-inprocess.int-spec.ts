import type { INestApplication } from '@nestjs/common';
import { createApp } from '@preempt/common';
import { type DetectionEvent, topics } from '@preempt/contracts';
import { InMemoryChannel } from '@preempt/messaging';
import { type Database, openDatabase } from '@preempt/storage';
import type { Subject } from 'rxjs';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import { appTestEnv, testAccess } from '../../../tests/harness/test-kit';
import { composeTickets } from '../src/compose';
import { loadTicketsEnv, toTicketsConfig } from '../src/config';
import type { TicketLifecycleEvent } from '../src/tickets/ticket-lifecycle.event';
import { TicketsService } from '../src/tickets/tickets.service';
import { TICKET_EVENTS } from '../src/tokens';
import { MIN, newEvent, T0 } from './correlation.factory';
import { uniqueTenant } from './tickets.fixture';

describe('tickets in one process (the all-in-one wiring): events on the in-memory channel, real PostgreSQL', () => {
  let app: INestApplication;
  let db: Database;
  const bus = new InMemoryChannel();

  beforeAll(async () => {
    // forecasts open tickets after 15 min here (this spec is about the wiring, not the confirmation rule)
    const config = toTicketsConfig(
      loadTicketsEnv({ ...process.env, LOG_LEVEL: 'warn', TICKET_FORECAST_MAX_SPAN: '15m' }),
    );
    db = await openDatabase({ ...config.database, applicationName: 'preempt-tickets-inprocess' });
    app = await createApp(
      composeTickets(config, { devices: bus, apps: bus }, db, testAccess(appTestEnv('tickets'))),
      'warn',
    );
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('applies a burst in order per device: one ticket per device, no event lost or doubled', async () => {
    const tenant = uniqueTenant('inproc');
    const lifecycle: TicketLifecycleEvent[] = [];
    app.get<Subject<TicketLifecycleEvent>>(TICKET_EVENTS).subscribe((e) => lifecycle.push(e));
    const publish = (event: DetectionEvent) =>
      bus.publish(topics.detectionEvents(event.tenant, event.device), JSON.stringify(event));
    // 10 devices x 12 forecasts, interleaved, all published at once
    const published: Promise<void>[] = [];
    for (let m = 0; m < 60; m += 5) {
      for (let d = 0; d < 10; d++)
        published.push(publish(newEvent('forecast', T0 + m * MIN, { tenant, device: `d${d}` })));
    }
    published.push(publish(newEvent('forecast', T0, { tenant, device: 'd0' }))); // redelivery
    await Promise.all(published);
    const service = app.get(TicketsService);
    await expectEventually(async () => {
      const page = await service.list({ tenant }, 100, null);
      expect(page.total).toBe(10);
      expect(page.items.every((t) => t.occurrenceCount === 12)).toBe(true);
      expect(page.items.every((t) => t.detectedAt === T0 + 15 * MIN)).toBe(true);
    });
    expect(lifecycle.filter((e) => e.type === 'TicketOpened' && e.ticket.tenant === tenant)).toHaveLength(10);
  });
});
