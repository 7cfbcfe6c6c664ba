// URL-safe base-64 digits: two per count (0..4095) keep a 256-entry table at 512 characters of JSON.
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map<string, number>([...DIGITS].map((c, i) => [c, i]));

/** Largest count a table entry can hold (the table is halved before an entry would exceed it). */
export const MAX_COUNT = 64 * 64 - 1;

/**
 * Encodes small non-negative integer counts (<= 4095) as a compact string, two base-64 digits each.
 *
 * @example
 * encodeCounts(Uint16Array.of(0, 1, 4095)); // 'AAAB__'
 */
export function encodeCounts(counts: Uint16Array): string {
  let out = '';
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    out += DIGITS[c >> 6] + DIGITS[c & 63];
  }
  return out;
}

/** Inverse of {@link encodeCounts}; throws on a malformed string. */
export function decodeCounts(text: string, size: number): Uint16Array {
  if (text.length !== 2 * size) throw new RangeError(`expected ${2 * size} characters, got ${text.length}`);
  const out = new Uint16Array(size);
  for (let i = 0; i < size; i++) {
    const hi = VALUE.get(text[2 * i]);
    const lo = VALUE.get(text[2 * i + 1]);
    if (hi === undefined || lo === undefined) throw new RangeError(`bad count digit at ${2 * i}`);
    out[i] = hi * 64 + lo;
  }
  return out;
}
