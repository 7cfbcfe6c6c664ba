import { decodeCounts, encodeCounts, MAX_COUNT } from './count-codec';
import { PatternNovelty } from './pattern-novelty';

const STEP = 300_000;
const T0 = Date.UTC(2026, 0, 5);

function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (1664525 * s + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32 - 0.5;
  };
}

/** Mean surprise of `count` samples of `f`, starting at sample `from`. */
function meanSurprise(pn: PatternNovelty, f: (i: number) => number, from: number, count: number): number {
  let sum = 0;
  for (let i = from; i < from + count; i++) sum += pn.update(T0 + i * STEP, f(i));
  return sum / count;
}

describe('PatternNovelty', () => {
  // A square wave: 6 samples low, 6 samples high, with a little noise.
  const r = noise(3);
  const square = (i: number) => (i % 12 < 6 ? 0 : 10) + 0.2 * r();

  it('learns a rhythm: surprise falls as the pattern repeats', () => {
    const pn = new PatternNovelty({ hourOfDay: false });
    const early = meanSurprise(pn, square, 0, 100);
    meanSurprise(pn, square, 100, 3000);
    const late = meanSurprise(pn, square, 3100, 100);
    expect(late).toBeLessThan(0.5 * early);
  });

  it('scores a change of rhythm inside the usual range as surprising', () => {
    const pn = new PatternNovelty({ hourOfDay: false });
    meanSurprise(pn, square, 0, 3000);
    const usual = meanSurprise(pn, square, 3000, 48);
    // same two values, but switching every sample: every transition is new
    const changed = meanSurprise(pn, (i) => (i % 2 === 0 ? 0 : 10), 3048, 12);
    expect(changed).toBeGreaterThan(usual + 1);
  });

  it('scores a level never seen in the daily rhythm (hour of day) as surprising', () => {
    const pn = new PatternNovelty({ hourOfDay: true });
    const daily = (i: number) => (Math.floor((i * STEP) / 3_600_000) % 24 < 12 ? 0 : 10) + 0.2 * r();
    meanSurprise(pn, daily, 0, 288 * 10);
    const usual = meanSurprise(pn, daily, 288 * 10, 288);
    // the high half of the day stays low: the values are familiar, the hour is not
    const flat = meanSurprise(pn, () => 0.2 * r(), 288 * 11 + 144, 24);
    expect(flat).toBeGreaterThan(usual + 1);
  });

  it('forgets: counts are halved every halvingSamples and stay bounded', () => {
    const pn = new PatternNovelty({ halvingSamples: 100 });
    meanSurprise(pn, () => 1, 0, 20_000);
    const counts = decodeCounts(pn.toJSON().counts, 512);
    // each sample increments 5 keys (which may share an entry): without halving they would reach thousands
    expect(Math.max(...counts)).toBeLessThanOrEqual(5 * 100);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(50);
  });

  it('round-trips through JSON mid-stream without changing future outputs', () => {
    const a = new PatternNovelty();
    meanSurprise(a, square, 0, 777);
    const b = new PatternNovelty({}, JSON.parse(JSON.stringify(a.toJSON())));
    for (let i = 777; i < 1500; i++)
      expect(b.update(T0 + i * STEP, square(i))).toBe(a.update(T0 + i * STEP, square(i)));
  });

  it('returns finite, non-negative surprise for extreme values', () => {
    const pn = new PatternNovelty();
    for (const v of [0, 1e300, -1e300, 5e-324, 0, 0, 1e12, -3]) {
      const s = pn.update(T0, v);
      expect(Number.isFinite(s) && s >= 0).toBe(true);
    }
  });
});

describe('count codec', () => {
  it('round-trips counts 0..2079 in one digit below 32, two above', () => {
    const counts = Uint16Array.from({ length: 300 }, (_, i) => (i * 97) % (MAX_COUNT + 1));
    const text = encodeCounts(counts);
    const small = counts.filter((c) => c < 32).length;
    expect(text).toHaveLength(small + 2 * (300 - small));
    expect(decodeCounts(text, 300)).toEqual(counts);
    expect(encodeCounts(Uint16Array.of(0, 1, 31, 32, 2079))).toBe('ABfgA__');
  });

  it('rejects malformed input', () => {
    expect(() => decodeCounts('A', 2)).toThrow(RangeError);
    expect(() => decodeCounts('AA', 1)).toThrow(RangeError);
    expect(() => decodeCounts('*', 1)).toThrow(RangeError);
    expect(() => decodeCounts('g', 1)).toThrow(RangeError);
  });
});
