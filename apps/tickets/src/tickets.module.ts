import { DynamicModule, Module } from '@nestjs/common';
import { DATABASE, type Database } from '@preempt/storage';
import { Subject } from 'rxjs';

import { BookingsController } from './bookings/bookings.controller';
import { BookingsRepository } from './bookings/bookings.repository';
import { BookingsService } from './bookings/bookings.service';
import type { TicketsConfig } from './config';
import { EscalationPoliciesController } from './escalation/escalation-policies.controller';
import { Escalations } from './escalation/escalations';
import { DetectionEventProcessor } from './events/detection-event.processor';
import { DetectionEventsHandler } from './events/detection-events.handler';
import { TicketMaintenance } from './events/ticket-maintenance.service';
import { TicketTimingMetrics } from './events/ticket-timing.metrics';
import { TicketsMetrics } from './events/tickets.metrics';
import { FeedbackController } from './feedback/feedback.controller';
import { MaintenanceWindowsController } from './maintenance/maintenance-windows.controller';
import { MaintenanceWindowsService } from './maintenance/maintenance-windows.service';
import { NocState } from './operations/noc-state';
import { ReportsController } from './reports/reports.controller';
import { RetiredDevicesController } from './retirement/retired-devices.controller';
import { RetiredDevicesService } from './retirement/retired-devices.service';
import { SilencesController } from './silences/silences.controller';
import { SilencesService } from './silences/silences.service';
import { NocRepository } from './storage/noc.repository';
import { TicketRepository } from './storage/ticket.repository';
import { TicketEventsRepository } from './storage/ticket-events.repository';
import { TicketsDatabaseLifecycle } from './storage/tickets-database.lifecycle';
import { OutboxRelay } from './ticket-events/outbox-relay';
import { TicketEventFeed } from './ticket-events/ticket-event.feed';
import { TicketEventsController } from './ticket-events/ticket-events.controller';
import type { TicketLifecycleEvent } from './tickets/ticket-lifecycle.event';
import { TicketsController } from './tickets/tickets.controller';
import { TicketsService } from './tickets/tickets.service';
import { TICKET_EVENTS, TICKETS_CONFIG } from './tokens';

/**
 * Detection events from the app channel -> tickets (PostgreSQL or PGlite) and the NOC API under
 * /api/v1/tickets, with their lifecycle events live under /api/v1/events. Exports TICKET_EVENTS (Subject<TicketLifecycleEvent>). Needs the ObservabilityModule,
 * the MessagingModule (APP_CHANNEL) and the DatabaseModule of its composition root.
 */
@Module({})
export class TicketsModule {
  static register(config: TicketsConfig): DynamicModule {
    return {
      module: TicketsModule,
      controllers: [
        TicketsController,
        TicketEventsController,
        MaintenanceWindowsController,
        SilencesController,
        RetiredDevicesController,
        FeedbackController,
        EscalationPoliciesController,
        BookingsController,
        ReportsController,
      ],
      providers: [
        { provide: TICKETS_CONFIG, useValue: config },
        { provide: TICKET_EVENTS, useValue: new Subject<TicketLifecycleEvent>() },
        {
          provide: TicketRepository,
          useFactory: (db: Database) => new TicketRepository(db),
          inject: [DATABASE],
        },
        {
          provide: TicketEventsRepository,
          useFactory: (db: Database) => new TicketEventsRepository(db),
          inject: [DATABASE],
        },
        {
          provide: NocRepository,
          useFactory: (db: Database) => new NocRepository(db),
          inject: [DATABASE],
        },
        TicketsDatabaseLifecycle,
        {
          provide: BookingsRepository,
          useFactory: (db: Database) => new BookingsRepository(db),
          inject: [DATABASE],
        },
        BookingsService,
        NocState,
        Escalations,
        MaintenanceWindowsService,
        SilencesService,
        RetiredDevicesService,
        TicketsMetrics,
        TicketTimingMetrics,
        DetectionEventProcessor,
        TicketMaintenance,
        TicketsService,
        TicketEventFeed,
        OutboxRelay,
        DetectionEventsHandler,
      ],
      exports: [TICKET_EVENTS, TicketsService],
    };
  }
}
