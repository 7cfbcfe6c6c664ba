import type { Database } from './database';

export interface Migration {
  /** sortable, unique, never renamed: e.g. '001-tickets' */
  id: string;
  sql: string;
}

// Any fixed number: serialises concurrent migrators (several processes starting at once).
const MIGRATION_LOCK = 7_411_935;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in id order, each in its own
 * transaction. Safe to run from several processes at once.
 *
 * @example await runMigrations(db, [{ id: '001-tickets', sql: 'CREATE TABLE tickets (...)' }]);
 */
export async function runMigrations(db: Database, migrations: readonly Migration[]): Promise<string[]> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
      if (done.rows.length > 0) return;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      applied.push(migration.id);
    });
  }
  return applied;
}
