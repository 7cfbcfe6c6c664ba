import { SeriesDetector } from './series-detector';
import { defaultSeriesDetectorOptions } from './series-detector.options';

// Gates and warm-ups are defined by what they need: samples for the statistics, cycles (event time) for
// seasonality and for the range of values (a daily cycle needs a day whatever the rate). The same series
// sampled every second or every 5 minutes scores after the same number of samples.
const SECOND = 1000;
const MIN = 60 * SECOND;
const DAY = 24 * 60 * MIN;
const T0 = Date.UTC(2026, 0, 5);
const WARMUP = defaultSeriesDetectorOptions.warmupSamples;

function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (1664525 * s + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

describe.each([
  ['1 s', SECOND],
  ['1 min', MIN],
  ['5 min', 5 * MIN],
])('SeriesDetector sampled every %s', (_, intervalMs) => {
  it('scores 0 during its warm-up in samples, then scores a spike right after it', () => {
    const d = new SeriesDetector();
    const r = noise(3);
    const warmUp = [...Array(WARMUP).keys()].map((i) => d.update(T0 + i * intervalMs, 100 + r()));
    expect(warmUp.every((a) => a.score === 0 && !a.warm)).toBe(true);
    const spike = d.update(T0 + WARMUP * intervalMs, 110);
    expect(spike.warm).toBe(true);
    expect(spike.score).toBeGreaterThanOrEqual(0.5);
  });

  it('judges a value beyond the range seen as certain only once a day was seen (a first daily peak is not new)', () => {
    const d = new SeriesDetector();
    const r = noise(4);
    // routine spikes up to ~104.5 every 10 samples: the likelihood learns them; 106 is beyond all of them
    const value = (i: number) => 100 + r() + (i % 10 === 0 ? 3 + 3 * r() : 0);
    const n = 2 * WARMUP;
    for (let i = 0; i < n; i++) d.update(T0 + i * intervalMs, value(i));
    const early = d.update(T0 + n * intervalMs, 106);
    expect(early.component).not.toBe('range');
    // the same series a day later (a gap, then samples at the same rate again)
    const later = T0 + DAY + n * intervalMs;
    for (let i = 0; i < n; i++) d.update(later + i * intervalMs, value(i));
    const beyond = d.update(later + n * intervalMs, 106.5);
    expect(beyond.value).toBeGreaterThan(beyond.band.upper);
    expect(beyond.score).toBe(1);
    expect(beyond.component).toBe('range');
  });
});

describe('SeriesDetector seasonality gate (two cycles of event time, whatever the rate)', () => {
  const dailyCycle = (t: number, r: () => number) => 50 + 10 * Math.sin((2 * Math.PI * t) / DAY) + r();

  it.each([
    ['5 min', 5 * MIN],
    ['1 min', MIN],
  ])('a series sampled every %s switches its daily cycle on only after two days', (_, intervalMs) => {
    const d = new SeriesDetector();
    const r = noise(5);
    const before = Math.floor((2 * DAY) / intervalMs) - 1;
    let onEarly = false;
    for (let i = 0; i < before; i++) {
      const t = T0 + i * intervalMs;
      d.update(t, dailyCycle(t, r));
      onEarly ||= d.cycles.dailyOn;
    }
    expect(onEarly).toBe(false);
    for (let i = before; i < before + DAY / intervalMs; i++) {
      const t = T0 + i * intervalMs;
      d.update(t, dailyCycle(t, r));
    }
    expect(d.cycles.dailyOn).toBe(true);
  });
});
