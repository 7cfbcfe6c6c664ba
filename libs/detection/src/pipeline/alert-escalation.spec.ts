import type { Assessment } from '../types';
import { SeriesDetector } from './series-detector';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);

function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (1664525 * s + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

// 2000 quiet samples, a moderate spike, then a much larger one `gap` samples later (inside its refractory period)
function twoBursts(escalation: boolean, gap: number) {
  // range rule off: it would make both spikes certain (score 1), and nothing is stronger than certain
  const d = new SeriesDetector({ escalation, rangeTolerance: null });
  const r = noise(11);
  for (let i = 0; i < 2000; i++) d.update(T0 + i * MIN, 100 + r());
  const first = d.update(T0 + 2000 * MIN, 101.8); // ~6 sigmas: just alerts
  const between: Assessment[] = [];
  for (let i = 1; i < gap; i++) between.push(d.update(T0 + (2000 + i) * MIN, 100 + r()));
  const second = d.update(T0 + (2000 + gap) * MIN, 130);
  return { first, between, second };
}

describe('SeriesDetector alert escalation', () => {
  it('alerts a second, much stronger burst soon after the first once the scores dipped', () => {
    const { first, between, second } = twoBursts(true, 12);
    expect(first.score).toBeGreaterThanOrEqual(0.5);
    expect(first.score).toBeLessThan(0.9);
    expect(between.every((a) => a.score === 0)).toBe(true);
    expect(second.score).toBeGreaterThan(first.score);
    expect(second.component).toBe('baseline');
  });

  it('keeps it inside the first alert refractory period without escalation, or within the short window', () => {
    expect(twoBursts(false, 12).second.score).toBe(0);
    expect(twoBursts(true, 4).second.score).toBe(0);
  });
});
