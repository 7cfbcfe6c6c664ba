import { ConfigError } from '@preempt/config';

import { DEFAULT_CHECKPOINT_INTERVAL_MS, loadDetectorEnv, toDetectorConfig } from './config';

describe('detector config', () => {
  it('checkpoints every 2 s in its own process and every 15 s in process when CHECKPOINT_INTERVAL is unset', () => {
    const values = loadDetectorEnv({});
    expect(toDetectorConfig(values).checkpointIntervalMs).toBe(DEFAULT_CHECKPOINT_INTERVAL_MS.mqtt);
    expect(toDetectorConfig(values, {}, 'inprocess').checkpointIntervalMs).toBe(15_000);
    expect(DEFAULT_CHECKPOINT_INTERVAL_MS.mqtt).toBe(2_000);
  });

  it('an explicit CHECKPOINT_INTERVAL wins in both modes', () => {
    const values = loadDetectorEnv({ CHECKPOINT_INTERVAL: '5s' });
    expect(toDetectorConfig(values).checkpointIntervalMs).toBe(5_000);
    expect(toDetectorConfig(values, {}, 'inprocess').checkpointIntervalMs).toBe(5_000);
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
});
