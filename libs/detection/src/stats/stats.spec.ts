import fc from 'fast-check';

import { ewStd, newEwMeanVar, updateEwMeanVar } from './ew-mean-var';
import { medianOf } from './median';
import { erfc, normalTail } from './normal';
import { packFloats, unpackFloats } from './packed-floats';

function batchMean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function batchVar(xs: number[]): number {
  const m = batchMean(xs);
  return xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length;
}

describe('EwMeanVar', () => {
  it('equals the batch mean and population variance at every step while n <= window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (xs) => {
          const s = newEwMeanVar();
          xs.forEach((x, i) => {
            updateEwMeanVar(s, x, 1000);
            const prefix = xs.slice(0, i + 1);
            const scale = 1 + Math.max(...prefix.map(Math.abs));
            expect(Math.abs(s.mean - batchMean(prefix))).toBeLessThan(1e-9 * scale);
            expect(Math.abs(s.var - batchVar(prefix))).toBeLessThan(1e-8 * scale * scale);
          });
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('matches the batch exponentially weighted formula at every step after the window fills', () => {
    const window = 5;
    const a = 1 / window;
    const xs = Array.from({ length: 40 }, (_, i) => Math.sin(i) * 10 + i);
    const s = newEwMeanVar();
    xs.forEach((x, i) => {
      updateEwMeanVar(s, x, window);
      if (i < window) return;
      // batch: first `window` samples give the exact mean; later ones get EW weights
      const weights = xs.slice(0, i + 1).map((_, j) => {
        if (j < window) return Math.pow(1 - a, i - window + 1) / window;
        return a * Math.pow(1 - a, i - j);
      });
      const mean = weights.reduce((acc, w, j) => acc + w * xs[j], 0);
      expect(s.mean).toBeCloseTo(mean, 9);
    });
  });

  it('learns less from down-weighted samples', () => {
    const full = newEwMeanVar();
    const light = newEwMeanVar();
    updateEwMeanVar(full, 0, 100);
    updateEwMeanVar(light, 0, 100);
    updateEwMeanVar(full, 10, 100);
    updateEwMeanVar(light, 10, 100, 0.1);
    expect(full.mean).toBe(5);
    expect(light.mean).toBeCloseTo(10 * (0.1 / 1.1), 12);
    expect(ewStd(full)).toBe(5);
  });
});

describe('normalTail', () => {
  it.each([
    [0, 0.5],
    [1, 0.15865525393145707],
    [1.959963984540054, 0.025],
    [3, 0.0013498980316301],
    [5, 2.866515718791939e-7],
    [-2, 0.9772498680518208],
  ])('Q(%p) = %p', (z, q) => {
    expect(Math.abs(normalTail(z) - q) / q).toBeLessThan(2e-7);
  });

  it('is symmetric via erfc(-x) = 2 - erfc(x)', () => {
    expect(erfc(-0.7) + erfc(0.7)).toBeCloseTo(2, 12);
  });
});

describe('medianOf', () => {
  it('matches a sorted-copy median and leaves the input untouched', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 80 }), (xs) => {
        const copy = [...xs];
        const sorted = [...xs].sort((a, b) => a - b);
        const m = sorted.length >> 1;
        const expected = sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        expect(medianOf(xs)).toBe(expected);
        expect(xs).toEqual(copy);
      }),
      { seed: 7 },
    );
  });

  it('uses only the first count values', () => {
    expect(medianOf([9, 1, 5, 100, 100], 3)).toBe(5);
  });
});

describe('packFloats', () => {
  it('round-trips every double bit for bit, at ~10.7 characters each', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 70 }), (xs) => {
        const packed = packFloats(xs);
        expect(packed.length).toBe(Math.ceil((xs.length * 32) / 3));
        const back = unpackFloats(packed, xs.length);
        xs.forEach((x, i) => expect(Object.is(back[i], x)).toBe(true));
      }),
      { seed: 5 },
    );
  });

  it('rejects a string of the wrong length or with foreign characters', () => {
    expect(() => unpackFloats(packFloats([1, 2]), 3)).toThrow(RangeError);
    expect(() => unpackFloats('*'.repeat(11), 1)).toThrow(RangeError);
  });
});
