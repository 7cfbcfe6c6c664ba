import { DynamicModule, Module, type Provider } from '@nestjs/common';
import { HealthRegistry, type AckingMqttServer } from '@preempt/common';
import type { DetectionEvent } from '@preempt/contracts';
import { DATABASE, type Database } from '@preempt/storage';
import { Observable, Subject } from 'rxjs';

import type { TicketsConfig } from './config';
import { DetectionEventProcessor } from './events/detection-event.processor';
import { DetectionEventsController } from './events/detection-events.controller';
import { DetectionEventsSubscriber } from './events/detection-events.subscriber';
import { TicketMaintenance } from './events/ticket-maintenance.service';
import { TicketsMetrics } from './events/tickets.metrics';
import { TicketRepository } from './storage/ticket.repository';
import { openTicketsDatabase, TicketsDatabaseLifecycle } from './storage/tickets-database.lifecycle';
import type { TicketLifecycleEvent } from './tickets/ticket-lifecycle.event';
import { TicketsController } from './tickets/tickets.controller';
import { TicketsService } from './tickets/tickets.service';
import { DETECTION_EVENTS, TICKET_EVENTS, TICKETS_CONFIG } from './tokens';

/**
 * Where detection events come from:
 * - `mqtt`: `$share/<group>/events/+/+` through the hosting app's AckingMqttServer (acknowledged after commit);
 * - `inprocess`: the detector's Observable in the all-in-one runtime (ordered per device).
 * `database` shares an already open Database (else the module opens DATABASE_URL / PGlite and closes it).
 */
export type TicketsIo = (
  { mode: 'mqtt'; mqtt: AckingMqttServer } | { mode: 'inprocess'; events: Observable<DetectionEvent> }
) & {
  database?: Database;
};

/**
 * Detection events -> tickets (PostgreSQL or PGlite) and the NOC API under /api/v1/tickets. Exports
 * TICKET_EVENTS (Subject<TicketLifecycleEvent>) for the notifier. Needs the ObservabilityModule.
 */
@Module({})
export class TicketsModule {
  static register(config: TicketsConfig, io: TicketsIo): DynamicModule {
    const consumer: Provider[] =
      io.mode === 'inprocess'
        ? [{ provide: DETECTION_EVENTS, useValue: io.events }, DetectionEventsSubscriber]
        : [
            {
              provide: 'TICKETS_MQTT_HEALTH',
              useFactory: (health: HealthRegistry) =>
                health.register('tickets-mqtt', () => io.mqtt.connected),
              inject: [HealthRegistry],
            },
          ];
    return {
      module: TicketsModule,
      controllers: [TicketsController, ...(io.mode === 'mqtt' ? [DetectionEventsController] : [])],
      providers: [
        { provide: TICKETS_CONFIG, useValue: config },
        { provide: TICKET_EVENTS, useValue: new Subject<TicketLifecycleEvent>() },
        { provide: DATABASE, useFactory: () => openTicketsDatabase(config, io.database) },
        { provide: 'TICKETS_DATABASE_OWNED', useValue: io.database === undefined },
        {
          provide: TicketRepository,
          useFactory: (db: Database) => new TicketRepository(db),
          inject: [DATABASE],
        },
        TicketsDatabaseLifecycle,
        TicketsMetrics,
        DetectionEventProcessor,
        TicketMaintenance,
        TicketsService,
        ...consumer,
      ],
      exports: [TICKET_EVENTS, TicketsService],
    };
  }
}
