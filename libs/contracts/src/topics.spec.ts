import { parseTelemetryTopic, TELEMETRY_PATTERN, topics } from './topics';

describe('topics', () => {
  it('builds every topic in one place', () => {
    expect(topics.telemetry('acme', 'rtr-01')).toBe('telemetry/acme/rtr-01');
    expect(topics.deadLetter('acme', 'rtr-01')).toBe('deadletter/acme/rtr-01');
    expect(topics.shared('ingest', TELEMETRY_PATTERN)).toBe('$share/ingest/telemetry/+/+');
    expect(topics.points(3, 'acme', 'rtr-01')).toBe('points/3/acme/rtr-01');
    expect(topics.pointsOfPartition(3)).toBe('points/3/+/+');
    expect(topics.detectionEvents('acme', 'rtr-01')).toBe('events/acme/rtr-01');
  });

  it('round-trips through parseTelemetryTopic', () => {
    expect(parseTelemetryTopic(topics.telemetry('acme', 'rtr-01'))).toEqual({
      ok: true,
      tenant: 'acme',
      device: 'rtr-01',
    });
  });

  it.each([
    ['telemetry/acme', 'has 2 levels, expected 3'],
    ['telemetry', 'has 1 levels, expected 3'],
    ['telemetry/acme/rtr-01/extra', 'has 4 levels, expected 3'],
    ['telemetry/acme/rtr-01/', 'has 4 levels, expected 3'],
    ['/telemetry/acme/rtr-01', 'has 4 levels'],
    ['metrics/acme/rtr-01', 'must start with "telemetry/", got "metrics"'],
    ['Telemetry/acme/rtr-01', 'must start with "telemetry/"'],
    ['telemetry//rtr-01', 'tenant id is empty'],
    ['telemetry/acme/', 'device id is empty'],
    ['telemetry/+/rtr-01', 'tenant level is the MQTT wildcard "+"'],
    ['telemetry/acme/#', 'device level is the MQTT wildcard "#"'],
    ['telemetry/ac me/rtr-01', 'tenant id "ac me": character " " at position 2'],
    ['telemetry/acme/rtr+1', 'device id "rtr+1": character "+" at position 3'],
    ['telemetry/acme/' + 'd'.repeat(65), 'is 65 characters long, max 64'],
  ])('rejects %j', (topic, detail) => {
    const result = parseTelemetryTopic(topic);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.detail).toContain(detail);
  });
});
