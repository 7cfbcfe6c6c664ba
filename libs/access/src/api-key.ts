import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with it: recognisable in a config file or a leaked paste (as GitHub's and Stripe's are). */
export const KEY_PREFIX = 'pk_live_';
/** How much of a key lists show: enough to tell keys apart, far too little to use. */
export const VISIBLE_CHARS = KEY_PREFIX.length + 4;
/** generated keys, and keys an operator provisions (ADMIN_API_KEY): 32 to 256 URL-safe characters */
const KEY_SHAPE = /^[A-Za-z0-9_-]{32,256}$/;

/** A new key: 256 random bits, base64url. Shown once; only its hash is kept. */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** True when `key` has the shape of a generated key (checked before any lookup). */
export function isWellFormedKey(key: string): boolean {
  return KEY_SHAPE.test(key);
}

/**
 * SHA-256 of the key, hex. A fast hash is enough: the keys are 256-bit random, not passwords, so there is
 * nothing to guess from it; it makes the stored value useless to whoever reads the table.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares two hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function visiblePrefix(key: string): string {
  return key.slice(0, VISIBLE_CHARS);
}
