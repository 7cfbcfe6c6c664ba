import { InvalidRequestError } from '@preempt/common';
import type { Database } from '@preempt/storage';

import { generateKey, hashKey, isWellFormedKey, sameHash, visiblePrefix } from '../src/api-key';
import { FailedAuthLimiter } from '../src/failed-auth.limiter';
import { KeysService } from '../src/keys.service';
import { actorOf, canSeeTenant } from '../src/principal';

describe('API keys', () => {
  it('are 256-bit random, URL-safe, recognisable by their prefix, and never twice the same', () => {
    const keys = Array.from({ length: 100 }, generateKey);
    expect(new Set(keys).size).toBe(100);
    for (const key of keys) {
      expect(key).toMatch(/^pk_live_[A-Za-z0-9_-]{43}$/);
      expect(isWellFormedKey(key)).toBe(true);
    }
    expect(visiblePrefix(keys[0])).toBe(keys[0].slice(0, 12));
  });

  it('are stored as a SHA-256 that says nothing of the key, compared in constant time', () => {
    const key = generateKey();
    const hash = hashKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(8, 16));
    expect(sameHash(hash, hashKey(key))).toBe(true);
    expect(sameHash(hash, hashKey(generateKey()))).toBe(false);
    expect(sameHash(hash, hash.slice(2))).toBe(false);
  });

  it('refuses malformed keys before any lookup', () => {
    for (const bad of [
      '',
      'short',
      'x'.repeat(257),
      'pk_live_has space in it and is long enough',
      'ключ'.repeat(10),
    ])
      expect(isWellFormedKey(bad)).toBe(false);
  });
});

describe('KeysService.create', () => {
  // refused before anything is stored: the database is never reached
  const keys = new KeysService({} as Database);

  it("refuses a customer key for the NOC's own tenant, which would receive the NOC's internal notices", async () => {
    const attempt = keys.create({ name: 'x', role: 'customer', tenant: '_noc' });
    await expect(attempt).rejects.toThrow(InvalidRequestError);
    await expect(attempt).rejects.toThrow(/"_noc" is the NOC's own tenant/);
  });

  it('refuses a customer key without a valid tenant id, and a tenant on a NOC key', async () => {
    await expect(keys.create({ name: 'x', role: 'customer' })).rejects.toThrow(
      'a customer key needs "tenant"',
    );
    await expect(keys.create({ name: 'x', role: 'customer', tenant: 'a/b' })).rejects.toThrow(
      /tenant id "a\/b"/,
    );
    await expect(keys.create({ name: 'x', role: 'noc', tenant: 'acme' })).rejects.toThrow(
      /sees every tenant/,
    );
  });
});

describe('principals', () => {
  it('limit a customer to its tenant and name the key in the audit', () => {
    const customer = { keyId: 'k1', name: 'Acme portal', role: 'customer' as const, tenant: 'acme' };
    const noc = { keyId: 'k2', name: 'night shift', role: 'noc' as const, tenant: null };
    expect([canSeeTenant(customer, 'acme'), canSeeTenant(customer, 'other')]).toEqual([true, false]);
    expect(canSeeTenant(noc, 'other')).toBe(true);
    expect(actorOf(noc)).toBe('night shift (key k2)');
  });
});

describe('FailedAuthLimiter', () => {
  it('refuses an address after maxFailures in the window, until its oldest failure leaves it', () => {
    const limiter = new FailedAuthLimiter(3, 60_000);
    for (const t of [0, 1000, 2000]) {
      expect(limiter.retryAfterMs('10.0.0.1', t)).toBe(0);
      limiter.fail('10.0.0.1', t);
    }
    expect(limiter.retryAfterMs('10.0.0.1', 3000)).toBe(57_000);
    expect(limiter.retryAfterMs('10.0.0.2', 3000)).toBe(0);
    expect(limiter.retryAfterMs('10.0.0.1', 60_000)).toBe(0);
  });

  it('remembers a bounded number of addresses, forgetting the oldest', () => {
    const limiter = new FailedAuthLimiter(1, 60_000, 2);
    for (const client of ['a', 'b', 'c']) limiter.fail(client, 0);
    expect(['a', 'b', 'c'].map((client) => limiter.retryAfterMs(client, 1) > 0)).toEqual([false, true, true]);
  });
});
