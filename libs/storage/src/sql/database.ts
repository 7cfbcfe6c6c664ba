/** The subset of a SQL client the repositories use: parameterised queries ($1, $2...) and transactions. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
}

/**
 * PostgreSQL (DATABASE_URL) or the embedded PGlite (files under DATA_DIR): same SQL, same code path.
 */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction; rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** true when the server answers */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const DATABASE = Symbol('DATABASE');
