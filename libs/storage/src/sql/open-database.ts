import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Database } from './database';
import type { DatabaseOptions } from './database-env';
import { PgliteDatabase } from './pglite.database';
import { PostgresDatabase } from './postgres.database';

/** PostgreSQL when `url` is set, else PGlite persisted under `<dataDir>/pglite` (in memory when dataDir is ':memory:'). */
export async function openDatabase(
  options: DatabaseOptions & { applicationName?: string },
): Promise<Database> {
  if (options.url)
    return new PostgresDatabase(options.url, {
      applicationName: options.applicationName,
      maxConnections: options.poolSize,
    });
  if (options.dataDir === ':memory:') return PgliteDatabase.open();
  const dir = path.join(options.dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  return PgliteDatabase.open(dir);
}
