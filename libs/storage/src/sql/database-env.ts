import { type ConfigOf, env } from '@preempt/config';

/**
 * The variables every process with a database reads (spread into the app's env spec, like `mqttEnv`):
 * PostgreSQL at DATABASE_URL with a pool of DATABASE_POOL_SIZE connections, or PGlite under DATA_DIR.
 */
export const databaseEnv = {
  DATABASE_URL: env.url({ optional: true, protocols: ['postgres', 'postgresql'], secret: true }),
  // per process; PostgreSQL's own default max_connections is 100 for every process together
  DATABASE_POOL_SIZE: env.int({ default: 10, min: 1, max: 1000 }),
  DATA_DIR: env.string({ default: './data' }),
};

export type DatabaseEnv = ConfigOf<typeof databaseEnv>;

/** Where a process's database lives (the options of `openDatabase`, less the application name). */
export interface DatabaseOptions {
  /** PostgreSQL; unset: PGlite under `dataDir` */
  url?: string;
  dataDir: string;
  /** PostgreSQL connections this process may open (default 10) */
  poolSize?: number;
}

/** The database options from those variables. */
export function toDatabaseOptions(values: DatabaseEnv): DatabaseOptions {
  return { url: values.DATABASE_URL, dataDir: values.DATA_DIR, poolSize: values.DATABASE_POOL_SIZE };
}
