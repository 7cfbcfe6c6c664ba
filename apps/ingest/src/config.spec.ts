import { ConfigError } from '@preempt/config';

import { loadIngestEnv, toIngestConfig } from './config';

describe('ingest configuration', () => {
  it('defaults to the embedded memory store and a shared, persistent MQTT 5 session', () => {
    const config = toIngestConfig(loadIngestEnv({}));
    expect(config.influx).toBeUndefined();
    expect(config.mqtt).toMatchObject({
      url: 'mqtt://127.0.0.1:1883',
      clientId: 'preempt-ingest',
      protocolVersion: 5,
      receiveMaximum: 2000,
      sessionExpirySeconds: 7 * 86_400,
    });
    expect(config.limits).toMatchObject({ maxPayloadBytes: 262_144, maxAgeMs: 30 * 86_400_000 });
    expect(config.consumerGroup).toBe('ingest');
    expect(config.handoff).toEqual({ enabled: true, partitions: 16 });
  });

  it('builds InfluxDB 1.x and 2.x settings', () => {
    const v1 = toIngestConfig(loadIngestEnv({ INFLUX_URL: 'http://influx:8086/', INFLUX_DATABASE: 'noc' }));
    expect(v1.influx).toMatchObject({
      url: 'http://influx:8086',
      api: 'v1',
      database: 'noc',
      batchSize: 5000,
    });
    const v2 = toIngestConfig(
      loadIngestEnv({
        INFLUX_URL: 'https://influx:8086',
        INFLUX_API: 'v2',
        INFLUX_ORG: 'noc',
        INFLUX_BUCKET: 'telemetry',
        INFLUX_TOKEN: 't',
        MQTT_SHARED_GROUP: 'none',
      }),
    );
    expect(v2.influx).toMatchObject({ api: 'v2', org: 'noc', bucket: 'telemetry', token: 't' });
    expect(v2.consumerGroup).toBeUndefined();
  });

  it('lists every problem at once, including the ones spanning several variables', () => {
    let error: unknown;
    try {
      loadIngestEnv({
        INFLUX_URL: 'http://influx:8086',
        INFLUX_API: 'v2',
        MQTT_PASSWORD: 'x',
        HTTP_PORT: 'eighty',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['HTTP_PORT must be an integer, got "eighty"']);
    try {
      loadIngestEnv({ INFLUX_URL: 'http://influx:8086', INFLUX_API: 'v2', MQTT_PASSWORD: 'x' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'INFLUX_ORG is required when INFLUX_API=v2',
      'INFLUX_BUCKET is required when INFLUX_API=v2',
      'INFLUX_TOKEN is required when INFLUX_API=v2',
      'MQTT_PASSWORD is set without MQTT_USERNAME',
    ]);
  });
});
