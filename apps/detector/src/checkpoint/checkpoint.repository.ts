import type { CheckpointRow } from '@preempt/engine';
import type { Database, Migration } from '@preempt/storage';

export const DETECTOR_MIGRATIONS: readonly Migration[] = [
  {
    id: '100-detector-checkpoints',
    sql: `CREATE TABLE IF NOT EXISTS detector_checkpoints (
            series_key text PRIMARY KEY,
            partition integer NOT NULL,
            state jsonb NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
          );
          CREATE INDEX IF NOT EXISTS detector_checkpoints_partition ON detector_checkpoints (partition)`,
  },
  {
    // The state is only ever read back whole by the detector: text spares PostgreSQL parsing megabytes of
    // JSON per checkpoint (CPU it shares with the ticket transactions) and keeps the bytes exactly as written.
    id: '101-detector-checkpoints-text',
    sql: 'ALTER TABLE detector_checkpoints ALTER COLUMN state TYPE text USING state::text',
  },
];

const CHUNK = 500;

/** Model state per series / device key (`s/...`, `d/...`), one row each, written in batches. */
export class CheckpointRepository {
  constructor(private readonly db: Database) {}

  /** Upserts rows in one transaction (all or nothing), in chunks of 500. */
  async save(rows: readonly CheckpointRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        await tx.query(
          `INSERT INTO detector_checkpoints (series_key, partition, state, updated_at)
           SELECT k, p, s, now() FROM unnest($1::text[], $2::int[], $3::text[]) AS t(k, p, s)
           ON CONFLICT (series_key) DO UPDATE SET partition = EXCLUDED.partition, state = EXCLUDED.state,
             updated_at = EXCLUDED.updated_at`,
          [chunk.map((r) => r.key), chunk.map((r) => r.partition), chunk.map((r) => r.state)],
        );
      }
    });
  }

  /** Deletes the rows of a device's models (its series `s/{tenant}/{device}/...` and `d/{tenant}/{device}`). */
  async deleteDevice(tenant: string, device: string): Promise<number> {
    const series = `s/${tenant}/${device}/`;
    const result = await this.db.query<{ series_key: string }>(
      `DELETE FROM detector_checkpoints WHERE series_key = $1 OR left(series_key, length($2)) = $2
       RETURNING series_key`,
      [`d/${tenant}/${device}`, series],
    );
    return result.rows.length;
  }

  /** Every row of the given partitions, least recently updated first. */
  async load(partitions: readonly number[]): Promise<CheckpointRow[]> {
    const result = await this.db.query<{ series_key: string; partition: number; state: string }>(
      `SELECT series_key, partition, state FROM detector_checkpoints
       WHERE partition = ANY($1::int[]) ORDER BY updated_at, series_key`,
      [partitions],
    );
    return result.rows.map((r) => ({ key: r.series_key, partition: r.partition, state: r.state }));
  }
}
