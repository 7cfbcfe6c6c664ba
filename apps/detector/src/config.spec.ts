import { ConfigError } from '@preempt/config';

import { loadDetectorEnv, toDetectorConfig } from './config';

describe('detector config', () => {
  it('checkpoints every 2 s when CHECKPOINT_INTERVAL is unset', () => {
    expect(toDetectorConfig(loadDetectorEnv({})).checkpointIntervalMs).toBe(2_000);
  });

  it('an explicit CHECKPOINT_INTERVAL wins', () => {
    const values = loadDetectorEnv({ CHECKPOINT_INTERVAL: '5s' });
    expect(toDetectorConfig(values).checkpointIntervalMs).toBe(5_000);
  });

  it('rejects a bad interval and an instance outside the instance count, naming both', () => {
    let error: unknown;
    try {
      loadDetectorEnv({ CHECKPOINT_INTERVAL: '10ms' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toMatch(/CHECKPOINT_INTERVAL/);
    expect(() => loadDetectorEnv({ DETECTOR_INSTANCE: '2', DETECTOR_INSTANCES: '2' })).toThrow(
      /DETECTOR_INSTANCE \(2\) must be below DETECTOR_INSTANCES \(2\)/,
    );
  });

  it('sizes the PostgreSQL pool from DATABASE_POOL_SIZE (10 by default) and rejects a size of 0 by name', () => {
    expect(toDetectorConfig(loadDetectorEnv({})).database).toEqual({
      url: undefined,
      dataDir: './data',
      poolSize: 10,
    });
    const values = loadDetectorEnv({
      DATABASE_URL: 'postgres://db.example:5432/preempt',
      DATABASE_POOL_SIZE: '40',
    });
    expect(toDetectorConfig(values).database).toMatchObject({ poolSize: 40 });
    expect(() => loadDetectorEnv({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });
});
