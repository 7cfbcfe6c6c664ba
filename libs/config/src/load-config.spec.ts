import { ConfigError, describeConfig, env, loadConfig, parseDuration } from '@preempt/config';

const schema = {
  HTTP_PORT: env.port({ default: 8080 }),
  INFLUX_URL: env.url({ optional: true, protocols: ['http', 'https'] }),
  INFLUX_API: env.oneOf(['v1', 'v2'] as const, { default: 'v1' }),
  INFLUX_TOKEN: env.string({ optional: true, secret: true }),
  BATCH: env.int({ default: 5000, min: 1, max: 100_000 }),
  RETENTION: env.duration({ default: 30 * 86_400_000 }),
  SHARED: env.bool({ default: true }),
};

describe('loadConfig', () => {
  it('applies defaults when variables are unset or blank', () => {
    const config = loadConfig(schema, { HTTP_PORT: '  ' });
    expect(config).toEqual({
      HTTP_PORT: 8080,
      INFLUX_URL: undefined,
      INFLUX_API: 'v1',
      INFLUX_TOKEN: undefined,
      BATCH: 5000,
      RETENTION: 2_592_000_000,
      SHARED: true,
    });
  });

  it('parses typed values', () => {
    const config = loadConfig(schema, {
      HTTP_PORT: '9000',
      INFLUX_URL: 'http://localhost:8086/',
      INFLUX_API: 'v2',
      BATCH: '100',
      RETENTION: '7d',
      SHARED: 'no',
    });
    expect(config.HTTP_PORT).toBe(9000);
    expect(config.INFLUX_URL).toBe('http://localhost:8086');
    expect(config.INFLUX_API).toBe('v2');
    expect(config.RETENTION).toBe(7 * 86_400_000);
    expect(config.SHARED).toBe(false);
  });

  it('reports every bad variable at once, with the reason', () => {
    let error: unknown;
    try {
      loadConfig(schema, { HTTP_PORT: '70000', INFLUX_URL: 'ftp://x', INFLUX_API: 'v3', BATCH: '1.5' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'HTTP_PORT must be between 0 and 65535, got 70000',
      'INFLUX_URL must use http or https, got "ftp:"',
      'INFLUX_API must be one of v1, v2, got "v3"',
      'BATCH must be an integer, got "1.5"',
    ]);
  });

  it('requires variables without default', () => {
    expect(() => loadConfig({ NEEDED: env.string() }, {})).toThrow('NEEDED is required');
  });

  it('masks secrets and URL passwords in the summary', () => {
    const s = { TOKEN: env.string({ secret: true }), DB: env.url() };
    const config = loadConfig(s, { TOKEN: 'abc', DB: 'postgres://u:pw@host:5432/db' });
    expect(describeConfig(s, config)).toEqual({ TOKEN: '***', DB: 'postgres://u:***@host:5432/db' });
  });
});

describe('parseDuration', () => {
  it.each([
    ['250', 250],
    ['250ms', 250],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['30d', 2_592_000_000],
  ])('%s -> %d ms', (raw, ms) => expect(parseDuration(raw)).toBe(ms));

  it('rejects garbage', () => expect(() => parseDuration('5 minutes')).toThrow('must be a duration'));
});
