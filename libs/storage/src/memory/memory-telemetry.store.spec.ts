import type { TelemetryPoint } from '@preempt/contracts';

import { MemoryTelemetryStore } from './memory-telemetry.store';

const newPoint = (overrides: Partial<TelemetryPoint> = {}): TelemetryPoint => ({
  tenant: 'acme',
  device: 'r1',
  metric: 'temperature',
  ts: 1_000,
  value: 50,
  tags: {},
  ...overrides,
});

const all = {
  tenant: 'acme',
  device: 'r1',
  metric: 'temperature',
  from: 0,
  to: Number.MAX_SAFE_INTEGER,
  limit: 1e6,
};

describe('MemoryTelemetryStore', () => {
  it('returns one series between two instants, oldest first, even when written out of order', async () => {
    const store = new MemoryTelemetryStore();
    await store.write([
      newPoint({ ts: 3000, value: 3 }),
      newPoint({ ts: 1000, value: 1 }),
      newPoint({ ts: 2000, value: 2 }),
    ]);
    await store.write([newPoint({ metric: 'fan_speed', ts: 1500, value: 9 })]);
    expect(await store.query(all)).toEqual([
      [1000, 1],
      [2000, 2],
      [3000, 3],
    ]);
    expect(await store.query({ ...all, from: 1500, to: 2500 })).toEqual([[2000, 2]]);
    expect(await store.query({ ...all, limit: 2 })).toEqual([
      [1000, 1],
      [2000, 2],
    ]);
    expect(await store.query({ ...all, device: 'other' })).toEqual([]);
  });

  it('keeps the newest points of a series within its bound and counts evictions', async () => {
    const store = new MemoryTelemetryStore({ maxPointsPerSeries: 16, maxSeries: 10 });
    for (let i = 0; i < 100; i++) await store.write([newPoint({ ts: i, value: i })]);
    const rows = await store.query(all);
    expect(rows.length).toBeLessThanOrEqual(32);
    expect(rows[rows.length - 1]).toEqual([99, 99]);
    expect(store.stats().pointsEvicted).toBe(100 - rows.length);
  });

  it('sheds and counts points of series beyond its bound', async () => {
    const store = new MemoryTelemetryStore({ maxPointsPerSeries: 10, maxSeries: 1 });
    await store.write([newPoint(), newPoint({ device: 'r2' }), newPoint({ device: 'r3' })]);
    expect(store.stats()).toMatchObject({ pointsWritten: 1, pointsShed: 2, series: 1 });
  });
});
