import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@preempt/common';
import { DATABASE, openDatabase, runMigrations, type Database } from '@preempt/storage';

import type { TicketsConfig } from '../config';
import { TICKETS_MIGRATIONS } from './tickets.migrations';

/** Opens the ticket database (PostgreSQL or PGlite) and applies the migrations before anything uses it. */
export async function openTicketsDatabase(config: TicketsConfig, injected?: Database): Promise<Database> {
  const db =
    injected ??
    (await openDatabase({
      url: config.database.url,
      dataDir: config.database.dataDir,
      applicationName: 'preempt-tickets',
    }));
  const applied = await runMigrations(db, TICKETS_MIGRATIONS);
  const logger = new Logger('TicketsDatabase');
  logger.log(
    `Ticket store: ${db.kind}${applied.length > 0 ? `, applied migrations ${applied.join(', ')}` : ''}`,
  );
  return db;
}

/** Readiness check, and closes the database on shutdown when the module opened it. */
@Injectable()
export class TicketsDatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly health: HealthRegistry,
    @Inject('TICKETS_DATABASE_OWNED') private readonly owned: boolean,
  ) {}

  onModuleInit(): void {
    this.health.register('tickets-database', () => this.db.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.db.close();
  }
}
