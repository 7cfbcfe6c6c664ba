import { PGlite, type Transaction } from '@electric-sql/pglite';

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

  query<R extends object>(sql: string, params: readonly unknown[] = []) {
    return run<R>(this.db, sql, params);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (transaction) =>
      work({
        query: <R extends object>(sql: string, params: readonly unknown[] = []) =>
          run<R>(transaction, sql, params),
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

/**
 * PGlite's extended protocol takes one statement; like pg's simple protocol, a query without parameters may
 * hold several (migrations), so it goes through exec and answers with the last statement's result.
 */
async function run<R extends object>(
  target: PGlite | Transaction,
  sql: string,
  params: readonly unknown[],
): Promise<{ rows: R[]; rowCount: number }> {
  if (params.length === 0) {
    const results = await target.exec(sql);
    const last = results[results.length - 1];
    const rows = (last?.rows ?? []) as R[];
    return { rows, rowCount: last?.affectedRows ?? rows.length };
  }
  const result = await target.query<R>(sql, params as unknown[]);
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}
