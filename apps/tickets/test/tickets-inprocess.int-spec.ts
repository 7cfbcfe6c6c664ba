import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ObservabilityModule } from '@preempt/common';
import type { DetectionEvent } from '@preempt/contracts';
import { Subject } from 'rxjs';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import { loadTicketsEnv, toTicketsConfig } from '../src/config';
import type { TicketLifecycleEvent } from '../src/tickets/ticket-lifecycle.event';
import { TicketsModule } from '../src/tickets.module';
import { TicketsService } from '../src/tickets/tickets.service';
import { TICKET_EVENTS } from '../src/tokens';
import { MIN, newEvent, T0 } from './correlation.factory';
import { uniqueTenant } from './tickets.fixture';

describe('tickets in process (the all-in-one wiring): events from an Observable, real PostgreSQL', () => {
  let app: INestApplication;
  const events = new Subject<DetectionEvent>();

  beforeAll(async () => {
    const config = toTicketsConfig(loadTicketsEnv({ ...process.env, LOG_LEVEL: 'warn' }));
    @Module({ imports: [ObservabilityModule, TicketsModule.register(config, { mode: 'inprocess', events })] })
    class InProcessModule {}
    app = await NestFactory.create(InProcessModule, { logger: ['warn', 'error'] });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('applies a burst in order per device: one ticket per device, no event lost or doubled', async () => {
    const tenant = uniqueTenant('inproc');
    const lifecycle: TicketLifecycleEvent[] = [];
    app.get<Subject<TicketLifecycleEvent>>(TICKET_EVENTS).subscribe((e) => lifecycle.push(e));
    // 10 devices x 12 forecasts, interleaved, pushed synchronously (as a Subject does)
    for (let m = 0; m < 60; m += 5) {
      for (let d = 0; d < 10; d++)
        events.next(newEvent('forecast', T0 + m * MIN, { tenant, device: `d${d}` }));
    }
    events.next(newEvent('forecast', T0, { tenant, device: 'd0' })); // redelivery
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
