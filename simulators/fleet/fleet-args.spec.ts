import { parseFleetArgs } from './fleet-args';

describe('parseFleetArgs', () => {
  it('reads every option', () => {
    const args = parseFleetArgs([
      '--scenario',
      'realistic',
      '--devices',
      '200',
      '--seed',
      '9',
      '--speed',
      'max',
      '--duration',
      '14d',
      '--interval=5m',
      '--start',
      '2026-11-02T00:00:00Z',
      '--mqtt-url',
      'mqtt://127.0.0.1:1884',
      '--truth',
      'truth.jsonl',
      '--format',
      'line',
      '--tenant',
      'acme',
    ]);
    expect(args).toEqual(
      expect.objectContaining({
        scenario: 'realistic',
        devices: 200,
        seed: 9,
        speed: Infinity,
        durationMs: 14 * 86_400_000,
        intervalMs: 300_000,
        start: Date.UTC(2026, 10, 2),
        mqttUrl: 'mqtt://127.0.0.1:1884',
        truthFile: 'truth.jsonl',
        format: 'line',
        tenant: 'acme',
      }),
    );
  });

  it.each([
    [[], '--scenario is required'],
    [
      ['--scenario', 'chaos'],
      '--scenario must be one of realistic, quiet, benign, failures, demo, got "chaos"',
    ],
    [['--scenario', 'quiet', '--devices', '0'], '--devices must be between 1 and 100000, got 0'],
    [['--scenario', 'quiet', '--devices', 'ten'], '--devices must be a whole number, got "ten"'],
    [['--scenario', 'quiet', '--seed', '-1'], '--seed must be a whole number, got "-1"'],
    [
      ['--scenario', 'quiet', '--speed', '0'],
      '--speed must be a number from 1 to 10000000 or "max", got "0"',
    ],
    [
      ['--scenario', 'quiet', '--duration', '14'],
      '--duration must be a duration like 30s, 5m, 12h or 7d, got "14"',
    ],
    [['--scenario', 'quiet', '--duration', '40d'], '--duration must be between 3600s and 29d, got 40d'],
    [['--scenario', 'quiet', '--format', 'xml'], '--format must be json or line, got "xml"'],
    [
      ['--scenario', 'quiet', '--mqtt-url', 'http://x'],
      '--mqtt-url must use mqtt, mqtts, tcp, ssl, ws or wss, got "http"',
    ],
    [
      ['--scenario', 'quiet', '--start', 'yesterday'],
      '--start must be RFC 3339 (2026-11-02T00:00:00Z) or epoch ms, got "yesterday"',
    ],
    [['--scenario', 'quiet', '--truth'], '--truth needs a value'],
    [['--scenario', 'quiet', '--devices', '1', '--devices', '2'], '--devices given twice'],
    [['--scenario', 'quiet', '--rate', '5'], 'unknown option --rate (see --help)'],
    [['--scenario', 'quiet', 'extra'], 'unexpected argument "extra" (options start with --)'],
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parseFleetArgs(argv)).toThrow(message);
  });
});
