import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@preempt/common';
import { DATABASE, type Database, runMigrations } from '@preempt/storage';

import { TICKETS_MIGRATIONS } from './tickets.migrations';

/** Applies the ticket migrations before anything uses the database, and registers its readiness check. */
@Injectable()
export class TicketsDatabaseLifecycle implements OnModuleInit {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, TICKETS_MIGRATIONS);
    new Logger('TicketsDatabase').log(
      `Ticket store: ${this.db.kind}${applied.length > 0 ? `, applied migrations ${applied.join(', ')}` : ''}`,
    );
    this.health.register('tickets-database', () => this.db.ping());
  }
}
