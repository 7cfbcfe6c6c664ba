// URL-safe base-64 digits. A count below 32 is one digit; a larger one is a digit >= 32 (high part) followed
// by a digit (low part). Hashed count tables are mostly small counts, so a 512-entry table takes ~600-1000
// characters of JSON.
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map<string, number>([...DIGITS].map((c, i) => [c, i]));
const SMALL = 32;

/** Largest count a table entry can hold (the table is halved before an entry would exceed it). */
export const MAX_COUNT = SMALL + SMALL * 64 - 1;

/**
 * Encodes non-negative integer counts (<= MAX_COUNT = 2079) as a compact string: 1 digit below 32, else 2.
 *
 * @example
 * encodeCounts(Uint16Array.of(0, 1, 31, 32, 2079)); // 'ABfgA__'
 */
export function encodeCounts(counts: Uint16Array): string {
  let out = '';
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c < SMALL) {
      out += DIGITS[c];
      continue;
    }
    const rest = c - SMALL;
    out += DIGITS[SMALL + (rest >> 6)] + DIGITS[rest & 63];
  }
  return out;
}

/** Inverse of {@link encodeCounts}; throws on a malformed string or a wrong number of counts. */
export function decodeCounts(text: string, size: number): Uint16Array {
  const out = new Uint16Array(size);
  let at = 0;
  for (let i = 0; i < size; i++) {
    const hi = VALUE.get(text[at++]);
    if (hi === undefined) throw new RangeError(`bad count digit at ${at - 1}`);
    if (hi < SMALL) {
      out[i] = hi;
      continue;
    }
    const lo = VALUE.get(text[at++]);
    if (lo === undefined) throw new RangeError(`bad count digit at ${at - 1}`);
    out[i] = SMALL + (hi - SMALL) * 64 + lo;
  }
  if (at !== text.length) throw new RangeError(`expected ${size} counts, got more`);
  return out;
}
