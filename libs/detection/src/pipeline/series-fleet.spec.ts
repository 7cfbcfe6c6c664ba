import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { InvalidObservationError } from '../errors';
import { SeriesDetector } from './series-detector';
import { FLEET_COMPONENTS, SeriesFleet } from './series-fleet';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fleet and, for each of its slots, the SeriesDetector it must equal: every call compares each output
 * (Object.is) and records the first mismatches.
 */
class Twin {
  readonly refs = new Map<number, SeriesDetector>();
  points = 0;
  kernelPoints = 0;
  readonly mismatches: string[] = [];
  private readonly slots: number[] = [];
  private readonly values: number[] = [];

  constructor(readonly fleet = new SeriesFleet(4)) {}

  add(ref = new SeriesDetector()): number {
    const slot = this.fleet.add(ref.toJSON().n > 0 ? ref.toJSON() : undefined);
    this.refs.set(slot, ref);
    return slot;
  }

  remove(slot: number): void {
    this.fleet.remove(slot);
    this.refs.delete(slot);
  }

  /** One call: the points of several series at ts; errors of both sides compared too. */
  update(ts: number, points: [number, number][]): void {
    this.slots.length = 0;
    this.values.length = 0;
    for (const [slot, value] of points) {
      this.slots.push(slot);
      this.values.push(value);
    }
    // a longer array and an explicit count (the preallocated-buffer use)
    this.slots.push(-1);
    this.values.push(0);
    let fleetError: unknown = null;
    try {
      this.fleet.update(ts, this.slots, this.values, points.length);
    } catch (e) {
      fleetError = e;
    }
    let refError: unknown = null;
    const f = this.fleet;
    points.forEach(([slot, value], i) => {
      this.points++;
      let a;
      try {
        a = (this.refs.get(slot) as SeriesDetector).update(ts, value);
      } catch (e) {
        refError ??= e;
        if (!Number.isNaN(f.score[i])) this.miss(`slot ${slot} ts ${ts}: detector threw, fleet scored`);
        return;
      }
      const got = {
        score: f.score[i],
        rawScore: f.rawScore[i],
        expected: f.expected[i],
        component: FLEET_COMPONENTS[f.component[i]],
        warm: f.warm[i] === 1,
      };
      const want = {
        score: a.score,
        rawScore: a.rawScore,
        expected: a.expected,
        component: a.component,
        warm: a.warm,
      };
      for (const k of Object.keys(want) as (keyof typeof want)[])
        if (!Object.is(got[k], want[k]))
          this.miss(`slot ${slot} ts ${ts} value ${value}: ${k} ${String(got[k])} != ${String(want[k])}`);
    });
    if (String(fleetError) !== String(refError))
      this.miss(`ts ${ts}: fleet error ${String(fleetError)}, detector error ${String(refError)}`);
  }

  /** toJSON of every slot equals the detector's. */
  expectStates(): void {
    for (const [slot, ref] of this.refs)
      expect({ slot, state: this.fleet.toJSON(slot) }).toEqual({ slot, state: ref.toJSON() });
  }

  private miss(m: string): void {
    if (this.mismatches.length < 20) this.mismatches.push(m);
    else this.mismatches[19] = `... and more (last: ${m})`;
  }
}

const KINDS = 12;

/** Value of series `id` (its kind = id % KINDS) at step t (ts = T0 + t * step). */
function valueOf(id: number, t: number, ts: number, rnd: () => number): number {
  const kind = id % KINDS;
  const noise = rnd() + rnd() + rnd() - 1.5;
  const level = 20 + (id % 17) * 5;
  const daily = Math.sin((2 * Math.PI * (ts % DAY)) / DAY + id);
  switch (kind) {
    case 0: // plain noise
      return level + noise;
    case 1: // a daily cycle that starts on day 3
      return level + noise * 0.5 + (ts > T0 + 3 * DAY ? 15 * daily : 0);
    case 2: // a daily cycle that stops on day 9 (switches off), and a slow drift after it
      return level + noise * 0.5 + (ts < T0 + 9 * DAY ? 15 * daily : (ts - T0 - 9 * DAY) / HOUR);
    case 3: // weekdays vs weekends
      return level + noise + (Math.floor((ts - T0) / DAY) % 7 >= 5 ? 30 : 0);
    case 4: // level shifts every ~250 steps
      return level + noise + 20 * (Math.floor(t / 250) % 2);
    case 5: // spikes: an alert, a dip, a stronger burst (escalation), repeated
      return level + noise + (t % 300 === 200 ? 30 : t % 300 === 215 || t % 300 === 216 ? 80 : 0);
    case 6: // constant
      return 5;
    case 7: // huge values
      return 1e150 * (1 + 0.01 * noise) + (t % 400 === 300 ? 1e152 : 0);
    case 8: // beyond the double's squares (its mean squares overflow)
      return 1e200 * (2 + noise);
    case 9: // a drift with steps (trend runs and steps)
      return level + 0.02 * t + noise * 0.2 + (t % 500 > 400 ? 10 : 0);
    case 10: // integer counts (ties, many equal values)
      return Math.floor(3 * rnd());
    default: // noisy with occasional wild values
      return level + 5 * noise + (rnd() < 0.01 ? 1e6 * noise : 0);
  }
}

const T0 = Date.UTC(2026, 0, 5);

describe('SeriesFleet', () => {
  it('equals one SeriesDetector per series on a mixed synthetic fleet (every output, every final state)', () => {
    const rnd = mulberry32(7);
    const STEP = 15 * MINUTE;
    const STEPS = 2100; // ~22 days: past the weekly decision (two weeks)
    const SERIES = 120;
    const twin = new Twin();
    const idOf = new Map<number, number>(); // slot -> series id (its kind)
    const addAt = (id: number): number => (id * 37) % 700; // added at different steps: young and warm mixed
    let nextId = SERIES;
    let restored: Twin | null = null;
    for (let t = 0; t < STEPS; t++) {
      const ts = T0 + t * STEP;
      for (let id = 0; id < SERIES; id++)
        if (addAt(id) === t) {
          const slot = twin.add();
          idOf.set(slot, id);
        }
      // remove some series and add new ones (their slots are reused)
      if (t === 900)
        for (const slot of [...idOf.keys()].filter((s) => s % 9 === 4)) {
          twin.remove(slot);
          idOf.delete(slot);
          const fresh = twin.add();
          idOf.set(fresh, nextId++);
        }
      const points: [number, number][] = [];
      for (const [slot, id] of idOf) {
        // sparse series: every 3rd step, with a gap of ~12 intervals now and then
        if (id % 5 === 3 && (t % 3 !== 0 || t % 200 < 36)) continue;
        points.push([slot, valueOf(id, t, ts, rnd)]);
      }
      twin.update(ts, points);
      restored?.update(ts, points);
      if (t === 1000) {
        // a duplicate timestamp and an out-of-order point for some series (extra calls)
        twin.update(
          ts,
          points.filter(([slot]) => slot % 4 === 1).map(([slot, v]) => [slot, v + 1]),
        );
        twin.update(
          ts - 7 * MINUTE,
          points.filter(([slot]) => slot % 4 === 2).map(([slot, v]) => [slot, v - 1]),
        );
      }
      if (t === 1300) {
        // restore: a fleet built from the detectors' states continues identically
        twin.expectStates();
        restored = new Twin();
        const map = new Map<number, number>();
        for (const [slot, ref] of twin.refs)
          map.set(slot, restored.add(SeriesDetector.fromJSON(ref.toJSON())));
        // the restored fleet's own detectors are restored the same way; points go to its slots
        const inner = restored;
        restored = {
          update: (ts2: number, pts: [number, number][]) =>
            inner.update(
              ts2,
              pts.map(([slot, v]) => [map.get(slot) as number, v]),
            ),
          twin: inner,
        } as unknown as Twin;
      }
    }
    expect(twin.mismatches).toEqual([]);
    twin.expectStates();
    const inner = (restored as unknown as { twin: Twin }).twin;
    expect(inner.mismatches).toEqual([]);
    inner.expectStates();
    expect(twin.points).toBeGreaterThan(150_000);
    const stats = twin.fleet.stats;
    expect(stats.kernelPoints).toBeGreaterThan(0.8 * twin.points);
    expect(stats.scatters).toBeGreaterThan(0);
    expect(stats.gathers).toBeGreaterThan(stats.scatters);
    expect(inner.fleet.stats.kernelPoints).toBeGreaterThan(0);
    console.log(JSON.stringify({ points: twin.points, ...stats }));
  });
});
