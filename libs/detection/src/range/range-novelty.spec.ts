import { RangeNovelty } from './range-novelty';

describe('RangeNovelty', () => {
  it('flags values beyond the range seen so far plus the tolerance, on both sides', () => {
    const r = new RangeNovelty(0.05, 0);
    expect([10, 20, 15, 12].map((x) => r.update(0, x))).toEqual([false, false, false, false]);
    expect(r.update(1, 20.4)).toBe(false); // within 0.5 (5% of 10) above the max; the max becomes 20.4
    expect(r.update(2, 21)).toBe(true); // 21 > 20.4 + 0.52
    expect(r.update(3, 9.5)).toBe(false); // 9.5 > 10 - 0.55
    expect(r.update(4, 8)).toBe(true);
  });

  it('learns what it flags: the same value again is not new', () => {
    const r = new RangeNovelty(0.05, 0);
    [0, 1].forEach((x) => r.update(0, x));
    expect(r.update(1, 5)).toBe(true);
    expect(r.update(2, 5)).toBe(false);
  });

  it('never flags while the series has been constant (no scale yet)', () => {
    const r = new RangeNovelty(0.05, 0);
    expect([3, 3, 3, 1e9].map((x) => r.update(0, x))).toEqual([false, false, false, false]);
  });

  it('flags nothing before the series has been seen for minSpanMs (its first daily peak is not new)', () => {
    const r = new RangeNovelty(0.05, 86_400_000);
    [0, 1].forEach((x) => r.update(0, x));
    expect(r.update(3_600_000, 5)).toBe(false);
    expect(r.update(86_400_000, 9)).toBe(true);
  });

  it('round-trips through JSON', () => {
    const a = new RangeNovelty(0.05, 0);
    [1, 4, 2].forEach((x) => a.update(0, x));
    const b = new RangeNovelty(0.05, 0, JSON.parse(JSON.stringify(a.toJSON())));
    expect([4.1, 4.3, 0.7, 0.5].map((x) => b.update(1, x))).toEqual(
      [4.1, 4.3, 0.7, 0.5].map((x) => a.update(1, x)),
    );
  });
});
