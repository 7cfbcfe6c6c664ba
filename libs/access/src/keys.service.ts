import { Inject, Injectable } from '@nestjs/common';
import { InvalidRequestError, NotFoundError } from '@preempt/common';
import { checkId, NOC_TENANT } from '@preempt/contracts';
import { DATABASE, type Database } from '@preempt/storage';

import { generateKey, hashKey, isWellFormedKey, sameHash, visiblePrefix } from './api-key';
import { type KeyRecord, KeysRepository } from './keys.repository';
import { type Principal, type Role, ROLES } from './principal';

/** How often a key's last use is written (it is read by `keys list`, not by authentication). */
const TOUCH_EVERY_MS = 60_000;

export interface NewKey {
  name: string;
  role: Role;
  tenant?: string | null;
}

/** API keys: created (shown once), listed (never the key), revoked, and turned into a Principal. */
@Injectable()
export class KeysService {
  readonly repository: KeysRepository;
  private readonly touched = new Map<string, number>();

  constructor(@Inject(DATABASE) db: Database) {
    this.repository = new KeysRepository(db);
  }

  /** Validates and creates a key; the key itself is in the result only, never stored. */
  async create(input: NewKey, key = generateKey()): Promise<{ key: string; record: KeyRecord }> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100)
      throw new InvalidRequestError('"name" must be 1 to 100 characters', 'name');
    if (!ROLES.includes(input.role))
      throw new InvalidRequestError(`"role" must be one of ${ROLES.join(', ')}`, 'role');
    const tenant = input.tenant ?? null;
    if (input.role === 'customer') {
      const problem =
        tenant === null
          ? 'a customer key needs "tenant"'
          : tenant === NOC_TENANT
            ? `"${NOC_TENANT}" is the NOC's own tenant (its internal notices): no customer key can have it`
            : checkId('tenant', tenant);
      if (problem) throw new InvalidRequestError(problem, 'tenant');
    } else if (tenant !== null) {
      throw new InvalidRequestError(`an ${input.role} key sees every tenant: no "tenant"`, 'tenant');
    }
    const record = await this.repository.insert({
      name,
      role: input.role,
      tenant,
      prefix: visiblePrefix(key),
      hash: hashKey(key),
    });
    return { key, record };
  }

  list(): Promise<KeyRecord[]> {
    return this.repository.list();
  }

  async revoke(id: string): Promise<KeyRecord> {
    const revoked = /^[0-9a-f-]{36}$/i.test(id) ? await this.repository.revoke(id) : null;
    if (!revoked) throw new NotFoundError(`No live key ${id}`);
    return revoked;
  }

  /** The principal of a live key, or null (unknown, revoked or malformed). */
  async authenticate(key: string): Promise<Principal | null> {
    if (!isWellFormedKey(key)) return null;
    const hash = hashKey(key);
    const found = await this.repository.findLive(hash);
    if (!found || !sameHash(found.hash, hash)) return null;
    const { record } = found;
    const now = Date.now();
    if (now - (this.touched.get(record.id) ?? 0) >= TOUCH_EVERY_MS) {
      this.touched.set(record.id, now);
      void this.repository.touch(record.id).catch(() => undefined);
    }
    return { keyId: record.id, name: record.name, role: record.role, tenant: record.tenant };
  }

  /** ADMIN_API_KEY: created as an admin key unless a key with its hash exists (revoked stays revoked). */
  async provisionAdmin(key: string): Promise<boolean> {
    if (await this.repository.exists(hashKey(key))) return false;
    await this.create({ name: 'ADMIN_API_KEY', role: 'admin' }, key);
    return true;
  }

  /** A first admin key when there is no key at all; null otherwise. */
  async firstKey(): Promise<string | null> {
    if ((await this.repository.count()) > 0) return null;
    return (await this.create({ name: 'first start', role: 'admin' })).key;
  }
}
