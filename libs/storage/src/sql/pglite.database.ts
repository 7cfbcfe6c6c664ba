import { PGlite } from '@electric-sql/pglite';

import type { Database, Queryable } from './database';

/**
 * The embedded default when DATABASE_URL is unset: PGlite (PostgreSQL compiled to WASM) persisted in a
 * directory, or in memory when `dataDir` is undefined. One process only; same SQL as PostgreSQL.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;

  private constructor(private readonly db: PGlite) {}

  static async open(dataDir?: string): Promise<PgliteDatabase> {
    return new PgliteDatabase(await PGlite.create(dataDir));
  }

  async query<R extends object>(sql: string, params: readonly unknown[] = []) {
    const result = await this.db.query<R>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (transaction) =>
      work({
        query: async <R extends object>(sql: string, params: readonly unknown[] = []) => {
          const result = await transaction.query<R>(sql, params as unknown[]);
          return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
        },
      }),
    );
  }

  async ping(): Promise<boolean> {
    return !this.db.closed;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
