import { openDatabase } from '@preempt/storage';
import { Client } from 'pg';

import { expectEventually } from '../../../tests/harness/expect-eventually';

/** The pool bound (DATABASE_POOL_SIZE) against the real PostgreSQL the harness starts. */
describe('PostgreSQL pool size', () => {
  const applicationName = `pool-spec-${process.pid}`;

  async function connectionsOf(name: string): Promise<number> {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const result = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
        [name],
      );
      return Number(result.rows[0].n);
    } finally {
      await client.end();
    }
  }

  it('opens at most poolSize connections; further queries wait for one instead of failing', async () => {
    const db = await openDatabase({
      url: process.env.DATABASE_URL,
      dataDir: '',
      poolSize: 2,
      applicationName,
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = 0;
    // five transactions held open together: two run, three queue for a connection
    const work = Array.from({ length: 5 }, (_, i) =>
      db.transaction(async (tx) => {
        entered++;
        await gate;
        const { rows } = await tx.query<{ i: number }>('SELECT $1::int AS i', [i]);
        return rows[0].i;
      }),
    );
    try {
      await expectEventually(() => expect(entered).toBe(2), { timeoutMs: 5_000 });
      expect(await connectionsOf(applicationName)).toBe(2);
      // the other three are still waiting for a connection, not running on a third one
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(entered).toBe(2);
      release();
      expect(await Promise.all(work)).toEqual([0, 1, 2, 3, 4]);
      expect(await connectionsOf(applicationName)).toBeLessThanOrEqual(2);
    } finally {
      release();
      await Promise.allSettled(work);
      await db.close();
    }
  });
});
