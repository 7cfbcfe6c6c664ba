import { MetricsRegistry } from '@preempt/common';
import { CONTROL_TOPICS } from '@preempt/contracts';
import { InMemoryChannel, type Message } from '@preempt/messaging';
import { type Database, PgliteDatabase, runMigrations } from '@preempt/storage';
import { Subject } from 'rxjs';

import { loadTicketsEnv, type TicketsConfig, toTicketsConfig } from '../src/config';
import { Escalations } from '../src/escalation/escalations';
import { DetectionEventProcessor } from '../src/events/detection-event.processor';
import { TicketsMetrics } from '../src/events/tickets.metrics';
import { NocState } from '../src/operations/noc-state';
import { RetiredDevicesService } from '../src/retirement/retired-devices.service';
import { SilencesService } from '../src/silences/silences.service';
import { NocRepository } from '../src/storage/noc.repository';
import { TicketRepository } from '../src/storage/ticket.repository';
import { TicketEventsRepository } from '../src/storage/ticket-events.repository';
import { TICKETS_MIGRATIONS } from '../src/storage/tickets.migrations';
import type { TicketLifecycleEvent } from '../src/tickets/ticket-lifecycle.event';
import { TicketsService } from '../src/tickets/tickets.service';

/** The tickets services wired by hand on an in-memory PGlite (no Nest), for repository/service specs. */
export async function newTicketsHarness(env: Record<string, string> = {}) {
  const db: Database = await PgliteDatabase.open();
  await runMigrations(db, TICKETS_MIGRATIONS);
  // forecasts open tickets after 15 min here (the specs drive the mechanics, not the confirmation rule)
  const config: TicketsConfig = toTicketsConfig(
    loadTicketsEnv({ DATA_DIR: ':memory:', TICKET_FORECAST_MAX_SPAN: '15m', ...env }),
  );
  const repository = new TicketRepository(db);
  const events = new TicketEventsRepository(db);
  const lifecycle = new Subject<TicketLifecycleEvent>();
  const emitted: TicketLifecycleEvent[] = [];
  lifecycle.subscribe((event) => emitted.push(event));
  const metrics = new TicketsMetrics(new MetricsRegistry());
  const noc = new NocRepository(db);
  // the control messages for the detectors are only recorded here
  const channel = new InMemoryChannel();
  const control: Message[] = [];
  channel.consume(Object.values(CONTROL_TOPICS), (message) => {
    control.push(message);
    return Promise.resolve();
  });
  await channel.start();
  const state = new NocState(noc, channel);
  const escalations = new Escalations(noc, repository, events, state, config, lifecycle);
  const newProcessor = (subject = lifecycle) =>
    new DetectionEventProcessor(repository, events, config, subject, metrics, noc, state, escalations);
  const processor = newProcessor();
  const service = new TicketsService(repository, events, lifecycle, escalations, noc, state, config);
  const silences = new SilencesService(noc, repository, events, state, lifecycle);
  const retired = new RetiredDevicesService(noc, service, state);
  return {
    retired,
    control,
    noc,
    state,
    escalations,
    silences,
    newProcessor,
    db,
    config,
    repository,
    events,
    lifecycle,
    metrics,
    processor,
    service,
    emitted,
    close: () => db.close(),
  };
}
