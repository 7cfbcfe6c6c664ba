import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { seededRandom } from '../../test/forecast/synthetic';
import { stateItRejects } from '../../test/rejected-state';
import { InvalidObservationError } from '../errors';
import type { Assessment } from '../types';
import { SeriesDetector } from './series-detector';
import { FLEET_COMPONENTS, type FleetSeriesReader, SeriesFleet } from './series-fleet';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A fleet and, for each of its slots, the SeriesDetector it must equal: every call compares each output
 * (Object.is) and records the first mismatches.
 */
class Twin {
  readonly refs = new Map<number, SeriesDetector>();
  points = 0;
  fleetErrors = 0;
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

  /**
   * One call: the points of several series at ts (or each at its own time, ts[i]); errors of both sides
   * compared too.
   */
  update(ts: number | number[], points: [number, number][]): void {
    this.slots.length = 0;
    this.values.length = 0;
    for (const [slot, value] of points) {
      this.slots.push(slot);
      this.values.push(value);
    }
    // a longer array and an explicit count (the preallocated-buffer use)
    this.slots.push(-1);
    this.values.push(0);
    const times = typeof ts === 'number' ? ts : [...ts, NaN];
    let fleetError: unknown = null;
    try {
      this.fleet.update(times, this.slots, this.values, points.length);
    } catch (e) {
      fleetError = e;
      this.fleetErrors++;
    }
    let refError: unknown = null;
    const f = this.fleet;
    points.forEach(([slot, value], i) => {
      this.points++;
      const at = typeof ts === 'number' ? ts : ts[i];
      let a;
      try {
        a = (this.refs.get(slot) as SeriesDetector).update(at, value);
      } catch (e) {
        refError ??= e;
        if (!Number.isNaN(f.score[i])) this.miss(`slot ${slot} ts ${at}: detector threw, fleet scored`);
        return;
      }
      const got = {
        score: f.score[i],
        rawScore: f.rawScore[i],
        expected: f.expected[i],
        lower: f.lower[i],
        upper: f.upper[i],
        component: FLEET_COMPONENTS[f.component[i]],
        warm: f.warm[i] === 1,
      };
      const want = {
        score: a.score,
        rawScore: a.rawScore,
        expected: a.expected,
        lower: a.band.lower,
        upper: a.band.upper,
        component: a.component,
        warm: a.warm,
      };
      for (const k of Object.keys(want) as (keyof typeof want)[])
        if (!Object.is(got[k], want[k]))
          this.miss(`slot ${slot} ts ${at} value ${value}: ${k} ${String(got[k])} != ${String(want[k])}`);
    });
    if (String(fleetError) !== String(refError))
      this.miss(`ts ${String(ts)}: fleet error ${String(fleetError)}, detector error ${String(refError)}`);
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

const KINDS = 13;

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
    case 5: // spikes: an alert, a dip, a stronger one 8 samples after it (the first that may escalate), a burst
      return (
        level +
        noise +
        (t % 300 === 200 ? 30 : t % 300 === 208 ? 80 : t % 300 === 230 || t % 300 === 231 ? 200 : 0)
      );
    case 6: // constant (0 with rare 1e-15 blips: the spread's absolute floor)
      return Math.floor(id / KINDS) % 2 === 0 ? (t % 50 === 0 ? 1e-15 : 0) : 5;
    case 7: // huge values
      return 1e150 * (1 + 0.01 * noise) + (t % 400 === 300 ? 1e152 : 0);
    case 8: // beyond the double's squares (its mean squares overflow), and steps beyond 1e300 now and then
      return 1e200 * (2 + noise) * (t % 97 === 0 ? 1e101 : 1);
    case 9: // a drift with steps (trend runs and steps)
      return level + 0.02 * t + noise * 0.2 + (t % 500 > 400 ? 10 : 0);
    case 10: // integer counts (ties, many equal values)
      return Math.floor(3 * rnd());
    case 12: // a daily cycle whose phase flips for two days (the cycle itself breaks: 'seasonality')
      return level + noise + (ts > T0 + 8 * DAY && ts < T0 + 10 * DAY ? -15 : 15) * daily;
    default: // noisy with occasional wild values
      return level + 5 * noise + (rnd() < 0.01 ? 1e6 * noise : 0);
  }
}

const T0 = Date.UTC(2026, 0, 5);

describe('SeriesFleet', () => {
  it('equals one SeriesDetector per series on a mixed synthetic fleet (every output, every final state)', () => {
    const rnd = seededRandom(7);
    const STEP = 30 * MINUTE;
    const STEPS = 1100; // ~23 days: past the weekly decision (two weeks)
    const SERIES = 91;
    const twin = new Twin();
    const idOf = new Map<number, number>(); // slot -> series id (its kind)
    const addAt = (id: number): number => (id * 37) % 400; // added at different steps: young and warm mixed
    let nextId = SERIES;
    let restored: { twin: Twin; slotOf: Map<number, number>; lossy: Set<number> } | null = null;
    for (let t = 0; t < STEPS; t++) {
      const ts = T0 + t * STEP;
      for (let id = 0; id < SERIES; id++)
        if (addAt(id) === t) {
          const slot = twin.add();
          idOf.set(slot, id);
        }
      // remove some series and add new ones (their slots are reused)
      if (t === 500)
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
        // a gap of 160 intervals (more than 100: the forgetting of a gap is capped at maxGapSteps = 1000)
        if (id % 7 === 6 && t >= 700 && t < 860) continue;
        points.push([slot, valueOf(id, t, ts, rnd)]);
      }
      twin.update(ts, points);
      if (restored) {
        const { slotOf } = restored;
        restored.twin.update(
          ts,
          points.map(([slot, v]) => [slotOf.get(slot) as number, v]),
        );
      }
      if (t === 600) {
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
      if (t === 800) {
        // restore: a fleet built from the detectors' states continues identically
        twin.expectStates();
        const next = new Twin();
        const slotOf = new Map<number, number>();
        // states with non-finite numbers (the 1e200 series: its variances overflowed) do not survive JSON
        // (NaN becomes null): those restored detectors differ from the originals, the fleet still equals them
        const lossy = new Set<number>();
        for (const [slot, ref] of twin.refs) {
          const restoredRef = SeriesDetector.fromJSON(ref.toJSON());
          if (!isDeepStrictEqual(restoredRef.toJSON(), ref.toJSON())) lossy.add(slot);
          slotOf.set(slot, next.add(restoredRef));
        }
        restored = { twin: next, slotOf, lossy };
      }
    }
    expect(twin.mismatches).toEqual([]);
    twin.expectStates();
    if (!restored) throw new Error('not restored');
    const inner = restored.twin;
    expect(inner.mismatches).toEqual([]);
    inner.expectStates();
    // ... and it continued exactly as the original detectors did
    for (const [slot, ref] of twin.refs)
      if (!restored.lossy.has(slot))
        expect(inner.fleet.toJSON(restored.slotOf.get(slot) as number)).toEqual(ref.toJSON());
    expect(restored.lossy.size).toBeLessThan(twin.refs.size / 8);
    expect(twin.points).toBeGreaterThan(60_000);
    const stats = twin.fleet.stats;
    expect(stats.kernelPoints).toBeGreaterThan(0.8 * twin.points);
    expect(stats.scatters).toBeGreaterThan(0);
    expect(stats.gathers).toBeGreaterThan(stats.scatters);
    expect(inner.fleet.stats.kernelPoints).toBeGreaterThan(0);
    // the rare branches were there: both cycles on somewhere, trend steps, alerts
    const finals = [...twin.refs.values()].map((d) => d.toJSON());
    expect(finals.filter((st) => st.seasonal.dailyOn).length).toBeGreaterThan(0);
    expect(finals.filter((st) => st.seasonal.weeklyOn).length).toBeGreaterThan(0);
    expect(finals.filter((st) => ((st.trend as { steps?: number }).steps ?? 0) > 0).length).toBeGreaterThan(
      0,
    );
    expect(finals.filter((st) => st.damper.peak !== undefined).length).toBeGreaterThan(0);
  });

  it('takes each point at its own time (a round of devices polled seconds apart) and equals the detectors', () => {
    const rnd = seededRandom(11);
    const STEP = 5 * MINUTE;
    const SERIES = 40;
    const twin = new Twin();
    const slots = Array.from({ length: SERIES }, () => twin.add());
    // offsets up to ~4 minutes: at an hour or a day boundary the lanes of one call are in different hours,
    // different halves of an hour bin (the daily interpolation) and different days of the week
    const offset = (id: number): number => id * 6_000 + ((id * 7919) % 1000);
    const distinctHours = new Set<number>();
    for (let t = 0; t < 1000; t++) {
      // jitter: a lane's time moves by up to 30 s from round to round (its interval median still 5 min)
      const times = slots.map(
        (_, id) => T0 + DAY - 2 * MINUTE + t * STEP + offset(id) + ((t * id) % 7) * 4_000,
      );
      const points = slots.map((slot, id): [number, number] => [slot, valueOf(id, t, times[id], rnd)]);
      twin.update(times, points);
      distinctHours.add(new Set(times.map((ts) => Math.floor(ts / HOUR))).size);
    }
    expect(twin.mismatches).toEqual([]);
    twin.expectStates();
    expect(distinctHours.has(2)).toBe(true);
    expect(twin.fleet.stats.kernelPoints).toBeGreaterThan(0.85 * twin.points);
  });
});

/** Limits for timeToThreshold around the series' forecast (reached soon, later, already beyond), or one. */
function limitsOf(d: SeriesDetector): number[] {
  const f = d.forecast();
  return f ? [f.level + 2, f.level - 2, f.level + 12 * Math.abs(f.slopePerHour) + 0.5] : [50];
}

/**
 * Every read of a reader (deviation of `value` at ts, the seasonal offset at times over 8 days: every hour
 * and weekday, the cycles' bounds and flags, the forecast, threshold crossings of `limits`, the last step),
 * made in this order or backwards (the parts of a state copied in another order).
 */
function readsOf(
  r: FleetSeriesReader,
  ts: number,
  value: number,
  limits: number[],
  backwards: boolean,
): unknown[] {
  const reads: (() => unknown)[] = [
    () => r.deviation(ts, value),
    () => r.cycles.dailyOn,
    () => r.deviation(ts + 7 * MINUTE, value - 1),
  ];
  for (let h = 0; h < 8 * 24; h += 5) reads.push(() => r.cycles.component(ts + h * HOUR + 17 * MINUTE));
  reads.push(
    () => r.lastStep,
    () => r.cycles.offsetBounds(),
    () => r.forecast(),
    () => r.cycles.weeklyOn,
  );
  for (const limit of limits)
    reads.push(
      () => r.timeToThreshold(limit, 'up'),
      () => r.timeToThreshold(limit, 'down'),
    );
  reads.push(() => r.cycles.component(ts));
  const out = new Array<unknown>(reads.length);
  for (let k = 0; k < reads.length; k++) {
    const i = backwards ? reads.length - 1 - k : k;
    out[i] = reads[i]();
  }
  return out;
}

/** Every field of an Assessment, the getters (band, forecast) included. */
function fieldsOf(a: Assessment): Assessment {
  const { ts, value, score, rawScore, warm, expected, band, component, forecast } = a;
  return { ts, value, score, rawScore, warm, expected, band, component, forecast };
}

/** Reads of two series alternated (a, b, a, ...) through readers held at the same time. */
function alternated(a: FleetSeriesReader, b: FleetSeriesReader, ts: number): unknown[] {
  return [
    a.cycles.component(ts),
    b.cycles.component(ts),
    a.cycles.component(ts),
    b.deviation(ts, 50),
    a.deviation(ts, 50),
    a.forecast(),
    b.forecast(),
    a.timeToThreshold(60, 'up'),
    b.lastStep,
    a.lastStep,
    b.cycles.offsetBounds(),
    a.cycles.offsetBounds(),
    b.cycles.weeklyOn,
    a.cycles.weeklyOn,
    b.timeToThreshold(60, 'up'),
    a.deviation(ts + HOUR, 50),
  ];
}

describe('SeriesFleet reader', () => {
  it('answers what the SeriesDetector would on a mixed fleet: every read, any order of slots, between updates, after remove / add', () => {
    const rnd = seededRandom(5);
    const STEP = 30 * MINUTE;
    const STEPS = 800; // ~16.7 days: past the weekly decision
    const SERIES = 39; // three of each kind
    const CHECKPOINTS = new Set([60, 180, 330, 449, 450, 451, 620, STEPS - 1]);
    const twin = new Twin();
    const fleet = twin.fleet;
    const idOf = new Map<number, number>(); // slot -> series id (its kind)
    const nOf = new Map<number, number>(); // slot -> points learned
    const addAt = (id: number): number => (id * 37) % 300; // young and warm series mixed
    const misses: string[] = [];
    // reads of warm series (their state in the arrays) that saw each rare case
    const seen = { reads: 0, daily: 0, weekly: 0, forecast: 0, crossing: 0, step: 0 };
    const miss = (m: string): void => {
      if (misses.length < 20) misses.push(m);
    };
    const ref = (slot: number): SeriesDetector => twin.refs.get(slot) as SeriesDetector;
    // threshold crossings cost ~0.1 ms each: all limits at checkpoints, one now and then between
    let crossings = 0;
    const check = (slot: number, ts: number, value: number, backwards: boolean): void => {
      const d = ref(slot);
      const limits = limitsOf(d).slice(0, crossings);
      const got = readsOf(fleet.reader(slot), ts, value, limits, backwards);
      const want = readsOf(d, ts, value, limits, backwards);
      if (!isDeepStrictEqual(got, want)) {
        const i = got.findIndex((g, k) => !isDeepStrictEqual(g, want[k]));
        miss(`slot ${slot} at ${ts}: read ${i} ${JSON.stringify(got[i])} != ${JSON.stringify(want[i])}`);
      }
      // score (without learning; as costly as the crossings): a value off the level, mid trend run or not
      if (crossings > 0) {
        const scored = fieldsOf(fleet.reader(slot).score(ts, value + 25));
        if (!isDeepStrictEqual(scored, fieldsOf(d.score(ts, value + 25))))
          miss(`slot ${slot} at ${ts}: score`);
      }
      if ((nOf.get(slot) ?? 0) <= 100) return;
      seen.reads++;
      if (d.cycles.dailyOn) seen.daily++;
      if (d.cycles.weeklyOn) seen.weekly++;
      if (d.forecast()) seen.forecast++;
      if (want.some((w) => w !== null && typeof w === 'object' && 'earliest' in w)) seen.crossing++;
      if (d.lastStep) seen.step++;
    };
    const add = (id: number, d?: SeriesDetector): number => {
      const slot = twin.add(d);
      idOf.set(slot, id);
      nOf.set(slot, d ? d.toJSON().n : 0);
      return slot;
    };
    let nextId = SERIES;
    let focus = -1; // read last after one update and first after the next
    for (let t = 0; t < STEPS; t++) {
      const ts = T0 + t * STEP;
      for (let id = 0; id < SERIES; id++) if (addAt(id) === t) add(id);
      if (t === 450) {
        crossings = 3;
        // remove warm series, each just read (the pooled detector holds it); the slot is reused by a new
        // series or by a warm one restored from another series' state (straight into the arrays): read at once
        const live = [...idOf.keys()];
        live
          .filter((s) => s % 5 === 2)
          .forEach((slot, k) => {
            check(slot, ts, 40, false);
            twin.remove(slot);
            idOf.delete(slot);
            nOf.delete(slot);
            const from = live[(live.indexOf(slot) + 3) % live.length];
            const reused =
              k % 2 === 0
                ? add(idOf.get(from) ?? 0, SeriesDetector.fromJSON(ref(from).toJSON()))
                : add(nextId++);
            expect(reused).toBe(slot);
            check(reused, ts, 40, true);
          });
      }
      const points: [number, number][] = [];
      for (const [slot, id] of idOf) {
        if (id % 5 === 3 && t % 2 === 1) continue; // sparse series
        points.push([slot, valueOf(id, t, ts, rnd)]);
      }
      twin.update(ts, points);
      for (const [slot] of points) nOf.set(slot, (nOf.get(slot) ?? 0) + 1);
      // the engine's reads after an update: some series of the call, and `focus` last and first (a read
      // right after an update must not answer from the state before it)
      const next = ts + STEP;
      crossings = t % 5 === 0 ? 1 : 0;
      if (focus >= 0 && idOf.has(focus)) check(focus, next, 41, false);
      for (const [slot, value] of points) if ((slot + t) % 6 === 0) check(slot, next, value + 1, t % 2 === 1);
      if (points.length > 0) {
        focus = points[t % points.length][0];
        check(focus, next, 39, true);
      }
      if (!CHECKPOINTS.has(t)) continue;
      // every series, both orders; pairs read alternately; score (a copy: the fleet is unchanged)
      const slots = [...idOf.keys()];
      crossings = 3;
      for (const slot of slots) check(slot, next, 45, false);
      for (const slot of [...slots].reverse()) check(slot, next + 11 * MINUTE, 35, true);
      for (let k = 0; k < slots.length; k++) {
        const [a, b] = [slots[k], slots[(k * 7 + 1) % slots.length]];
        const got = alternated(fleet.reader(a), fleet.reader(b), next);
        const want = alternated(ref(a), ref(b), next);
        if (!isDeepStrictEqual(got, want)) miss(`slots ${a}, ${b} alternated at ${next}`);
      }
      for (const slot of slots) {
        const before = fleet.toJSON(slot);
        const value = 30 + (slot % 4) * 20;
        const got = fleet.reader(slot).score(next, value);
        const want = ref(slot).score(next, value);
        if (!isDeepStrictEqual(fieldsOf(got), fieldsOf(want))) miss(`slot ${slot} at ${next}: score`);
        if (!isDeepStrictEqual(fleet.toJSON(slot), before)) miss(`slot ${slot}: score changed the fleet`);
      }
    }
    expect(misses).toEqual([]);
    // reads changed nothing: every update equalled the detectors', and so do the final states
    expect(twin.mismatches).toEqual([]);
    twin.expectStates();
    expect(fleet.stats.kernelPoints).toBeGreaterThan(0.6 * twin.points);
    expect(seen.reads).toBeGreaterThan(2000);
    for (const k of ['daily', 'weekly', 'forecast', 'crossing', 'step'] as const)
      expect({ [k]: seen[k] > 20 }).toEqual({ [k]: true });
    expect(() => fleet.reader(-1)).toThrow(RangeError);
  });
});

// The NAB corpus (../shared/datasets/nab from the repository root), when present: one point per call.
const NAB = resolve(process.cwd(), '../shared/datasets/nab/data');
const NAB_FILES = [
  'realKnownCause/machine_temperature_system_failure.csv',
  'realKnownCause/nyc_taxi.csv',
  'realKnownCause/ec2_request_latency_system_failure.csv',
  'realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv',
  'realTweets/Twitter_volume_AAPL.csv',
  'artificialWithAnomaly/art_daily_jumpsup.csv',
  'artificialNoAnomaly/art_flatline.csv',
  'realTraffic/speed_7578.csv',
];

(existsSync(NAB) ? describe : describe.skip)('SeriesFleet on NAB', () => {
  it.each(NAB_FILES)('%s: every point and the final state equal SeriesDetector', (file) => {
    const lines = readFileSync(resolve(NAB, file), 'utf8').trim().split('\n').slice(1);
    const twin = new Twin();
    const slot = twin.add();
    for (const l of lines) {
      const [time, value] = l.split(',');
      twin.update(Date.parse(`${time.replace(' ', 'T')}Z`), [[slot, Number(value)]]);
    }
    expect(twin.mismatches).toEqual([]);
    twin.expectStates();
    expect(twin.points).toBe(lines.length);
    expect(twin.fleet.stats.kernelPoints).toBeGreaterThan(lines.length - 200);
  });
});

describe('SeriesFleet API', () => {
  const warmFleet = (): { fleet: SeriesFleet; slots: number[]; ref: SeriesDetector[] } => {
    const fleet = new SeriesFleet();
    const ref = [new SeriesDetector(), new SeriesDetector(), new SeriesDetector()];
    const slots = ref.map(() => fleet.add());
    for (let t = 0; t < 150; t++) {
      const values = [1 + (t % 5), 2 + (t % 7), 3 + (t % 3)];
      fleet.update(T0 + t * 5 * MINUTE, slots, values);
      values.forEach((v, i) => ref[i].update(T0 + t * 5 * MINUTE, v));
    }
    return { fleet, slots, ref };
  };

  it('rejects a non-finite value or timestamp, an unknown or repeated slot, before changing anything', () => {
    const { fleet, slots, ref } = warmFleet();
    const before = slots.map((s) => fleet.toJSON(s));
    const ts = T0 + 150 * 5 * MINUTE;
    expect(() => fleet.update(ts, slots, [1, NaN, 3])).toThrow(InvalidObservationError);
    expect(() => fleet.update(ts, slots, [1, Infinity, 3])).toThrow(InvalidObservationError);
    expect(() => fleet.update(NaN, slots, [1, 2, 3])).toThrow(InvalidObservationError);
    expect(() => fleet.update(ts, [slots[0], slots[0]], [1, 2])).toThrow(RangeError);
    expect(() => fleet.update(ts, [slots[0], 99], [1, 2])).toThrow(RangeError);
    expect(() => fleet.update(ts, slots, [1, 2], 3)).toThrow(RangeError);
    expect(slots.map((s) => fleet.toJSON(s))).toEqual(before);
    expect(before).toEqual(ref.map((d) => d.toJSON()));
    fleet.remove(slots[1]);
    expect(() => fleet.update(ts, slots, [1, 2, 3])).toThrow(RangeError);
    expect(() => fleet.toJSON(slots[1])).toThrow(RangeError);
    expect(fleet.size).toBe(2);
    expect(fleet.add()).toBe(slots[1]); // reused
  });

  it('a point SeriesDetector rejects after validation leaves the series as SeriesDetector does; update throws after the call', () => {
    // its next point makes SeriesDetector.update throw after validation (see stateItRejects)
    const { state, broken } = stateItRejects(T0);
    const twin = new Twin();
    const other = twin.add(SeriesDetector.fromJSON(state));
    const slot = twin.add(SeriesDetector.fromJSON(broken));
    for (let t = 150; t < 160; t++)
      twin.update(T0 + t * 5 * MINUTE, [
        [other, 11],
        [slot, 11],
      ]);
    expect(twin.mismatches).toEqual([]);
    expect(twin.fleetErrors).toBe(1); // the first point; the series stays NaN and no cycle switches after it
    expect(twin.fleet.stats.kernelPoints).toBeGreaterThanOrEqual(2);
    twin.expectStates();
  });

  it('runs other options as SeriesDetectors with them (exact); refuses a bad capacity or options', () => {
    const options = { alertLevel: 0.6, warmupSamples: 50 };
    const twin = new Twin(new SeriesFleet(4, options));
    const slots = [twin.add(new SeriesDetector(options)), twin.add(new SeriesDetector(options))];
    for (let t = 0; t < 400; t++)
      twin.update(T0 + t * 5 * MINUTE, [
        [slots[0], 10 + (t % 5) + (t === 300 ? 40 : 0)],
        [slots[1], 3 + Math.sin(t)],
      ]);
    expect(twin.mismatches).toEqual([]);
    twin.expectStates();
    expect(twin.fleet.stats.kernelPoints).toBe(0);
    expect(() => new SeriesFleet(0)).toThrow(TypeError);
    expect(() => new SeriesFleet(4, null as unknown as object)).toThrow(TypeError);
  });

  it('reader(slot) answers what the SeriesDetector would, young or warm, without changing the series', () => {
    const { fleet, slots, ref } = warmFleet();
    const young = fleet.add();
    const youngRef = new SeriesDetector();
    for (let t = 0; t < 20; t++) {
      fleet.update(T0 + t * MINUTE, [young], [5 + (t % 2)]);
      youngRef.update(T0 + t * MINUTE, 5 + (t % 2));
    }
    const ts = T0 + 151 * 5 * MINUTE;
    for (const [slot, d] of [...slots.map((s, i) => [s, ref[i]] as const), [young, youngRef] as const]) {
      const before = fleet.toJSON(slot);
      const r = fleet.reader(slot);
      expect(r.score(ts, 40)).toEqual(d.score(ts, 40));
      expect(r.deviation(ts, 7)).toBe(d.deviation(ts, 7));
      expect(r.cycles.component(ts)).toBe(d.cycles.component(ts));
      expect(r.cycles.offsetBounds()).toEqual(d.cycles.offsetBounds());
      expect([r.cycles.dailyOn, r.cycles.weeklyOn]).toEqual([d.cycles.dailyOn, d.cycles.weeklyOn]);
      expect(r.forecast()).toEqual(d.forecast());
      expect(r.timeToThreshold(100, 'up')).toEqual(d.timeToThreshold(100, 'up'));
      expect(r.lastStep).toEqual(d.lastStep);
      expect(fleet.toJSON(slot)).toEqual(before);
    }
  });

  it('grows past its capacity and keeps every series', () => {
    const fleet = new SeriesFleet(2);
    const twin = new Twin(fleet);
    const slots = Array.from({ length: 8 }, () => twin.add()); // capacity 2 -> 4 -> 8
    expect(slots).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (let t = 0; t < 130; t++) {
      twin.update(
        T0 + t * MINUTE,
        slots.map((s) => [s, s + (t % 4)]),
      );
      if (t === 110) expect(twin.add()).toBe(8); // grows to 16 while warm series live in the arrays
    }
    expect(twin.mismatches).toEqual([]);
    twin.expectStates();
    expect(fleet.stats.kernelPoints).toBeGreaterThanOrEqual(8 * 29); // steps 101..129 of the 8 series
  });
});
