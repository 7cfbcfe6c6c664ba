import { runMigrations } from './migrations';
import { PgliteDatabase } from './pglite.database';

describe('PGlite database and migrations', () => {
  it('applies migrations once, in order, and rolls back failed transactions', async () => {
    const db = await PgliteDatabase.open();
    try {
      const migrations = [
        { id: '002-add-column', sql: 'ALTER TABLE things ADD COLUMN label text' },
        { id: '001-create', sql: 'CREATE TABLE things (id serial PRIMARY KEY, n int NOT NULL)' },
      ];
      expect(await runMigrations(db, migrations)).toEqual(['001-create', '002-add-column']);
      expect(await runMigrations(db, migrations)).toEqual([]);

      await db.query('INSERT INTO things (n, label) VALUES ($1, $2)', [1, 'a']);
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO things (n) VALUES ($1)', [2]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const { rows } = await db.query<{ n: number; label: string | null }>(
        'SELECT n, label FROM things ORDER BY n',
      );
      expect(rows).toEqual([{ n: 1, label: 'a' }]);
    } finally {
      await db.close();
    }
  });
});

describe('PGlite multi-statement queries', () => {
  it('runs several statements without parameters, like pg does, and returns the last result', async () => {
    const db = await PgliteDatabase.open();
    try {
      const { rows } = await db.query<{ n: number }>(
        'CREATE TABLE a (n int); INSERT INTO a VALUES (7); SELECT n FROM a',
      );
      expect(rows).toEqual([{ n: 7 }]);
    } finally {
      await db.close();
    }
  });
});
