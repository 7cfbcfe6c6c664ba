import { randomUUID } from 'node:crypto';

import type { Database, Migration } from '@preempt/storage';

import type { Role } from './principal';

export const ACCESS_MIGRATIONS: readonly Migration[] = [
  {
    id: '200-api-keys',
    sql: `CREATE TABLE IF NOT EXISTS api_keys (
            id uuid PRIMARY KEY,
            name text NOT NULL,
            role text NOT NULL CHECK (role IN ('admin', 'noc', 'customer')),
            tenant text,
            prefix text NOT NULL,
            hash text NOT NULL UNIQUE,
            created_at timestamptz NOT NULL,
            last_used_at timestamptz,
            revoked_at timestamptz,
            CHECK ((role = 'customer') = (tenant IS NOT NULL))
          )`,
  },
];

/** A key as stored and listed: never the key itself, never its hash. */
export interface KeyRecord {
  id: string;
  name: string;
  role: Role;
  tenant: string | null;
  /** the first characters of the key, to tell keys apart */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface KeyRow {
  id: string;
  name: string;
  role: Role;
  tenant: string | null;
  prefix: string;
  hash: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const toRecord = (row: KeyRow): KeyRecord => ({
  id: row.id,
  name: row.name,
  role: row.role,
  tenant: row.tenant,
  prefix: row.prefix,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: iso(row.last_used_at),
  revokedAt: iso(row.revoked_at),
});

/** The `api_keys` table. */
export class KeysRepository {
  constructor(private readonly db: Database) {}

  async insert(key: {
    name: string;
    role: Role;
    tenant: string | null;
    prefix: string;
    hash: string;
  }): Promise<KeyRecord> {
    const { rows } = await this.db.query<KeyRow>(
      `INSERT INTO api_keys (id, name, role, tenant, prefix, hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING *`,
      [randomUUID(), key.name, key.role, key.tenant, key.prefix, key.hash],
    );
    return toRecord(rows[0]);
  }

  /** The live (not revoked) key with this hash, with the stored hash to compare. */
  async findLive(hash: string): Promise<{ record: KeyRecord; hash: string } | null> {
    const { rows } = await this.db.query<KeyRow>(
      'SELECT * FROM api_keys WHERE hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    return rows[0] ? { record: toRecord(rows[0]), hash: rows[0].hash } : null;
  }

  async exists(hash: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM api_keys WHERE hash = $1', [hash]);
    return rows.length > 0;
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM api_keys');
    return Number(rows[0].n);
  }

  async list(): Promise<KeyRecord[]> {
    const { rows } = await this.db.query<KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id');
    return rows.map(toRecord);
  }

  /** Revokes a live key; null when there is none with this id. */
  async revoke(id: string): Promise<KeyRecord | null> {
    const { rows } = await this.db.query<KeyRow>(
      `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING *`,
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async touch(id: string): Promise<void> {
    await this.db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id]);
  }
}
