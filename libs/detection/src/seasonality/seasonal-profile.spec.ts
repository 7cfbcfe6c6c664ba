import { unpackFloats } from '../stats/packed-floats';
import { SeasonalProfile, type SeasonalState } from './seasonal-profile';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (1664525 * s + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

describe('SeasonalProfile', () => {
  it('detects a daily cycle and predicts it', () => {
    const sp = new SeasonalProfile();
    const r = noise(3);
    for (let t = 0; t < 10 * DAY; t += 5 * MIN)
      sp.learn(t, 100 + 10 * Math.sin((2 * Math.PI * t) / DAY) + r(), 5 * MIN);
    expect(sp.dailyOn).toBe(true);
    expect(sp.weeklyOn).toBe(false);
    expect(sp.component(10 * DAY + 6 * HOUR)).toBeGreaterThan(9);
    expect(sp.component(10 * DAY + 18 * HOUR)).toBeLessThan(-9);
  });

  it('bounds its offset over every time: offsetBounds holds each component of three weeks, at their extremes', () => {
    const sp = new SeasonalProfile();
    expect(sp.offsetBounds()).toEqual([0, 0]);
    const r = noise(5);
    const weekday = (t: number) => (Math.floor(t / DAY) % 7 < 5 ? 4 : -6);
    for (let t = 0; t < 30 * DAY; t += 5 * MIN)
      sp.learn(t, 100 + 10 * Math.sin((2 * Math.PI * t) / DAY) + weekday(t) + r(), 5 * MIN);
    expect(sp.dailyOn && sp.weeklyOn).toBe(true);
    const [low, high] = sp.offsetBounds();
    let min = Infinity;
    let max = -Infinity;
    for (let t = 30 * DAY; t < 51 * DAY; t += MIN) {
      const c = sp.component(t);
      min = Math.min(min, c);
      max = Math.max(max, c);
    }
    expect(low).toBeLessThanOrEqual(min);
    expect(high).toBeGreaterThanOrEqual(max);
    // tight: the daily bins are reached on the hour, the weekly ones all day
    expect(max - min).toBeGreaterThan(0.99 * (high - low));
  });

  it('stays off on white noise and on a random walk', () => {
    const r = noise(4);
    const white = new SeasonalProfile();
    const walk = new SeasonalProfile();
    let w = 0;
    for (let t = 0; t < 20 * DAY; t += 10 * MIN) {
      white.learn(t, r(), 10 * MIN);
      w += r();
      walk.learn(t, w, 10 * MIN);
    }
    expect(white.dailyOn).toBe(false);
    expect(white.weeklyOn).toBe(false);
    expect(white.component(123456789)).toBe(0);
    expect(walk.dailyOn).toBe(false);
  });

  it('detects a weekly (weekend) cycle on hourly data', () => {
    const sp = new SeasonalProfile();
    const r = noise(5);
    for (let t = 0; t < 28 * DAY; t += HOUR) {
      const dow = Math.floor(t / DAY) % 7;
      sp.learn(t, (dow === 2 || dow === 3 ? 0 : 50) + r(), HOUR);
    }
    expect(sp.weeklyOn).toBe(true);
    const weekend = sp.component(28 * DAY + 2 * DAY + 12 * HOUR);
    const weekday = sp.component(28 * DAY + 5 * DAY + 12 * HOUR);
    expect(weekday - weekend).toBeGreaterThan(40);
  });

  it('learns an hourly noise profile once the daily cycle is on', () => {
    const sp = new SeasonalProfile();
    expect(sp.spreadAt(12 * HOUR)).toBe(0);
    for (let t = 0; t < 6 * DAY; t += 5 * MIN) {
      sp.learn(t, 10 * Math.sin((2 * Math.PI * t) / DAY), 5 * MIN);
      const hour = Math.floor((t % DAY) / HOUR);
      sp.learnNoise(t, hour === 12 ? 4 : 1, 100, 5 * MIN);
    }
    expect(sp.spreadAt(6 * DAY + 12 * HOUR + 10 * MIN)).toBeCloseTo(4 * 1.2533, 3);
    expect(sp.spreadAt(6 * DAY + 3 * HOUR)).toBeCloseTo(1.2533, 3);
  });

  it('round-trips through JSON and stays small', () => {
    const a = new SeasonalProfile();
    for (let t = 0; t < 3 * DAY; t += 5 * MIN) a.learn(t, Math.sin((2 * Math.PI * t) / DAY) * 1e12, 5 * MIN);
    const json = JSON.stringify(a);
    expect(json.length).toBeLessThan(2048);
    const b = new SeasonalProfile(JSON.parse(json));
    a.learn(3 * DAY, 5, 5 * MIN);
    b.learn(3 * DAY, 5, 5 * MIN);
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(b.component(3 * DAY + HOUR)).toBe(a.component(3 * DAY + HOUR));
  });

  it('saturates bin counts at the bin memory as integers (short JSON), bins keep learning at 1/window', () => {
    const sp = new SeasonalProfile();
    for (let t = 0; t < 8 * DAY; t += 5 * MIN) sp.learn(t, Math.sin((2 * Math.PI * t) / DAY), 5 * MIN);
    const { dailyN } = sp.toJSON();
    // 12 samples per hour x 5 days of memory = 60 per bin
    expect(dailyN.every((c) => c === 60)).toBe(true);
    expect(sp.component(8 * DAY + 6 * HOUR)).toBeCloseTo(1, 1);
  });

  it('restores a state written before the doubles were packed (plain arrays)', () => {
    const a = new SeasonalProfile();
    for (let t = 0; t < 3 * DAY; t += 5 * MIN) a.learn(t, Math.sin((2 * Math.PI * t) / DAY), 5 * MIN);
    const packed = a.toJSON();
    const f = unpackFloats(packed.packed, 62);
    const legacy = {
      first: f[0],
      level: f[1],
      levelN: f[2],
      daily: f.slice(3, 27),
      weekly: f.slice(27, 34),
      dailyMad: f.slice(34, 58),
      ms: f.slice(58, 62),
      dailyN: packed.dailyN,
      weeklyN: packed.weeklyN,
      dailyOn: packed.dailyOn,
      weeklyOn: packed.weeklyOn,
    };
    const b = new SeasonalProfile(JSON.parse(JSON.stringify(legacy)) as SeasonalState);
    expect(b.toJSON()).toEqual(packed);
    expect(b.component(3 * DAY + 5 * HOUR)).toBe(a.component(3 * DAY + 5 * HOUR));
  });
});
