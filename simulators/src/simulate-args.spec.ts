import { DAY, MINUTE } from './device-simulator';
import { parseSimulateArgs } from './simulate-args';

describe('parseSimulateArgs', () => {
  it('has defaults for a demo against the all-in-one', () => {
    expect(parseSimulateArgs([])).toMatchObject({
      url: 'mqtt://127.0.0.1:1883',
      tenant: 'demo',
      devices: 10,
      degrading: 1,
      intervalMs: MINUTE,
      rate: 1000,
      replayMs: 0,
      durationMs: undefined,
      help: false,
    });
  });

  it('reads every option, as "--name value" or "--name=value"', () => {
    const args = parseSimulateArgs([
      '--devices',
      '50',
      '--rate=2000',
      '--replay',
      '7d',
      '--speed',
      '500',
      '--url',
      'mqtt://broker:1884',
      '--degrading=3',
      '--interval',
      '30s',
      '--duration',
      '1.5h',
      '--tenant',
      'acme',
      '--seed',
      '9',
    ]);
    expect(args).toMatchObject({
      devices: 50,
      rate: 2000,
      replayMs: 7 * DAY,
      speed: 500,
      url: 'mqtt://broker:1884',
      degrading: 3,
      intervalMs: 30_000,
      durationMs: 90 * MINUTE,
      tenant: 'acme',
      seed: 9,
    });
  });

  it.each([
    [['--devices', '0'], '--devices must be between 1 and 100000, got 0'],
    [['--devices', 'ten'], '--devices must be a whole number, got "ten"'],
    [['--rate', '1.5'], '--rate must be a whole number, got "1.5"'],
    [['--replay', '7'], '--replay must be a duration like 30s, 5m, 12h or 7d, got "7"'],
    [['--replay', '31d'], '--replay must be between 0 and 29d, got 31d'],
    [['--interval', '500ms'], '--interval must be between 1s and 1h, got 500ms'],
    [['--speed', '10'], '--speed needs --replay'],
    [['--devices', '2', '--degrading', '3'], '--degrading must be between 0 and 2, got 3'],
    [['--url', 'http://x:1883'], '--url must use mqtt, mqtts, tcp, ssl, ws or wss, got "http"'],
    [['--url', 'nope'], '--url must be a URL like mqtt://127.0.0.1:1883, got "nope"'],
    [['--tenant', 'a/b'], '--tenant must be 1-64 characters of A-Z a-z 0-9 _ . -, got "a/b"'],
    [['--frobnicate', '1'], 'unknown option --frobnicate (see --help)'],
    [['--rate'], '--rate needs a value'],
    [['--rate', '--devices', '3'], '--rate needs a value'],
    [['--rate', '1', '--rate', '2'], '--rate given twice'],
    [['devices'], 'unexpected argument "devices" (options start with --)'],
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parseSimulateArgs(argv)).toThrow(message);
  });

  it('recognises --help', () => {
    expect(parseSimulateArgs(['--help']).help).toBe(true);
  });
});
