import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Database } from './database';
import { PgliteDatabase } from './pglite.database';
import { PostgresDatabase } from './postgres.database';

/** PostgreSQL when `url` is set, else PGlite persisted under `<dataDir>/pglite` (in memory when dataDir is ':memory:'). */
export async function openDatabase(options: {
  url?: string;
  dataDir: string;
  applicationName?: string;
}): Promise<Database> {
  if (options.url) return new PostgresDatabase(options.url, { applicationName: options.applicationName });
  if (options.dataDir === ':memory:') return PgliteDatabase.open();
  const dir = path.join(options.dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  return PgliteDatabase.open(dir);
}
