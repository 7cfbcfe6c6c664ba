import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@preempt/common';
import { DATABASE, type Database, runMigrations } from '@preempt/storage';

import { NOTIFIER_MIGRATIONS } from './notifier.migrations';

/** Applies the notifier migrations before anything uses the database, and registers its readiness check. */
@Injectable()
export class NotifierDatabaseLifecycle implements OnModuleInit {
  private migrated?: Promise<void>;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): Promise<void> {
    return this.ready();
  }

  /** Once: a provider that reads the database at construction (the unsubscribe key) waits for it. */
  ready(): Promise<void> {
    this.migrated ??= (async () => {
      const applied = await runMigrations(this.db, NOTIFIER_MIGRATIONS);
      new Logger('NotifierDatabase').log(
        `Notice store: ${this.db.kind}${applied.length > 0 ? `, applied migrations ${applied.join(', ')}` : ''}`,
      );
      this.health.register('notifier-database', () => this.db.ping());
    })();
    return this.migrated;
  }
}
