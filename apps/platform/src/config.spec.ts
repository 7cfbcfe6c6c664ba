import { ConfigError } from '@preempt/config';

import { toDetectorConfig } from '../../detector/src';
import { toIngestConfig } from '../../ingest/src';
import { ALL_IN_ONE_DEFAULTS, loadAllEnv } from './config';

describe('all-in-one configuration', () => {
  it('checkpoints every 15 s with room for an interval of telemetry when nothing is set', () => {
    const env = loadAllEnv({});
    expect(toDetectorConfig(env.detector).checkpointIntervalMs).toBe(15_000);
    expect(toIngestConfig(env.ingest).mqtt.receiveMaximum).toBe(65_535);
    expect(ALL_IN_ONE_DEFAULTS).toEqual({ CHECKPOINT_INTERVAL: '15s', MQTT_RECEIVE_MAXIMUM: '65535' });
  });

  it('an explicit variable wins over its default', () => {
    const env = loadAllEnv({ CHECKPOINT_INTERVAL: '5s', MQTT_RECEIVE_MAXIMUM: '500' });
    expect(toDetectorConfig(env.detector).checkpointIntervalMs).toBe(5_000);
    expect(toIngestConfig(env.ingest).mqtt.receiveMaximum).toBe(500);
  });

  it('reports the bad variables of every app at once', () => {
    let error: unknown;
    try {
      loadAllEnv({ INFLUX_API: 'v9', DETECTOR_INSTANCE: 'x', TICKET_RESOLVE_HOLD: 'soon', MQTT_PORT: 'abc' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['INFLUX_API', 'DETECTOR_INSTANCE', 'TICKET_RESOLVE_HOLD', 'MQTT_PORT'])
      expect(message).toContain(name);
  });
});
