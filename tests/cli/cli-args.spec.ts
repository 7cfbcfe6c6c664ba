import { parseCli } from '../../scripts/cli/cli-args';
import { UsageError } from '../../scripts/cli/cli-errors';
import { runWith } from './cli-test-kit';

const command = (argv: string[], env: Record<string, string> = {}) => {
  const invocation = parseCli(argv, env);
  if (invocation.kind !== 'command') throw new Error(`not a command: ${invocation.kind}`);
  return invocation;
};

describe('npm run cli: command line', () => {
  it('reads every command with its flags', () => {
    expect(
      command(['keys', 'create', '--role', 'customer', '--tenant', 'otherco', '--name', 'Otherco portal'])
        .command,
    ).toEqual({ name: 'keys create', role: 'customer', tenant: 'otherco', keyName: 'Otherco portal' });
    expect(command(['keys', 'create', '--role=noc', '--name=NOC']).command).toEqual({
      name: 'keys create',
      role: 'noc',
      tenant: undefined,
      keyName: 'NOC',
    });
    expect(command(['keys', 'list']).command).toEqual({ name: 'keys list' });
    expect(command(['keys', 'revoke', 'abc']).command).toEqual({ name: 'keys revoke', id: 'abc' });
    expect(
      command([
        'tickets',
        'list',
        '--status',
        'open',
        '--severity',
        'critical',
        '--tenant',
        'acme',
        '--limit',
        '20',
      ]).command,
    ).toEqual({
      name: 'tickets list',
      status: 'open',
      severity: 'critical',
      tenant: 'acme',
      device: undefined,
      limit: 20,
      cursor: undefined,
    });
    expect(command(['tickets', 'show', 'T1']).command).toEqual({ name: 'tickets show', id: 'T1' });
    expect(command(['tickets', 'ack', 'T1', '--comment', 'on it']).command).toEqual({
      name: 'tickets ack',
      id: 'T1',
      comment: 'on it',
    });
    expect(command(['tickets', 'resolve', 'T1']).command).toEqual({
      name: 'tickets resolve',
      id: 'T1',
      comment: undefined,
      falsePositive: false,
    });
  });

  it('takes global flags before or after the command, a value starting with "-" after "="', () => {
    const before = command([
      '--output',
      'json',
      '--url',
      'http://h:1',
      'tickets',
      'ack',
      'T1',
      '--comment=-5 C',
    ]);
    const after = command(['tickets', 'ack', '-o', 'json', 'T1', '--comment=-5 C', '--url=http://h:1']);
    expect(before).toEqual(after);
    expect(before.global).toEqual({ url: 'http://h:1/', output: 'json', keyFile: undefined });
    expect(before.command).toEqual({ name: 'tickets ack', id: 'T1', comment: '-5 C' });
  });

  it('talks to --url, else PREEMPT_URL, else http://127.0.0.1:8080, keeping a path prefix', () => {
    expect(command(['keys', 'list']).global.url).toBe('http://127.0.0.1:8080/');
    expect(command(['keys', 'list'], { PREEMPT_URL: 'https://noc.example/preempt' }).global.url).toBe(
      'https://noc.example/preempt',
    );
    expect(command(['keys', 'list', '--url', 'http://h:2'], { PREEMPT_URL: 'http://env:1' }).global.url).toBe(
      'http://h:2/',
    );
    expect(command(['keys', 'list', '--key-file', '/run/secrets/key']).global.keyFile).toBe(
      '/run/secrets/key',
    );
  });

  it.each([
    [['--help'], 'Preempt CLI'],
    [['help'], 'exit codes:'],
    [['help', 'tickets', 'list'], 'usage: npm run cli -- [global flags] tickets list'],
    [['tickets', 'list', '--help'], 'List tickets, newest first'],
    [['tickets', 'list', '--bogus', '-h'], 'List tickets, newest first'],
    [['keys', 'help'], 'keys revoke ID'],
    [['keys', '--help'], 'keys create --role admin|noc|customer'],
  ])('answers %j with help', (argv, text) => {
    const invocation = parseCli(argv, {});
    expect(invocation.kind).toBe('help');
    expect(invocation.kind === 'help' && invocation.text).toContain(text);
  });

  it('documents every exit code in --help', () => {
    const invocation = parseCli(['--help'], {});
    const text = invocation.kind === 'help' ? invocation.text : '';
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7]) expect(text).toMatch(new RegExp(`^ {2}${code} {2}\\S`, 'm'));
  });

  it('prints its version with exit 0', async () => {
    expect(await runWith(['--version'])).toEqual({
      code: 0,
      stdout: expect.stringContaining('9.9.9'),
      stderr: '',
    });
  });

  it.each([
    [[], 'missing command'],
    [['bogus'], 'unknown command "bogus"'],
    [['keys'], '"keys" needs a command'],
    [['keys', 'rotate'], 'unknown command "keys rotate"'],
    [['help', 'keys', 'rotate'], 'no help for "keys rotate"'],
    [['tickets', 'list', '--bogus'], 'unknown flag --bogus for "tickets list"'],
    [['keys', 'list', '--comment', 'x'], 'unknown flag --comment for "keys list"'],
    [
      ['tickets', 'list', '--status', 'closed'],
      '--status must be one of open, acknowledged, resolved, got "closed"',
    ],
    [['tickets', 'list', '--severity', 'high'], '--severity must be one of critical, major, minor'],
    [['tickets', 'list', '--limit', '0'], '--limit must be an integer from 1 to 500'],
    [['tickets', 'list', '--limit', 'ten'], '--limit must be an integer from 1 to 500'],
    [['tickets', 'list', '--limit'], 'flag --limit needs a value'],
    [['tickets', 'ack', 'T1', '--comment', '--url=http://h'], 'flag --comment needs a value'],
    [['tickets', 'ack', 'T1', '--comment', ' '], '--comment must not be empty'],
    [['tickets', 'show'], 'missing ID'],
    [['tickets', 'show', 'a', 'b'], 'unexpected argument "b"'],
    [['keys', 'list', '--help=yes'], 'flag --help takes no value'],
    [['keys', 'create', '--name', 'x'], 'missing --role'],
    [['keys', 'create', '--role', 'root', '--name', 'x'], '--role must be one of admin, noc, customer'],
    [['keys', 'create', '--role', 'customer', '--name', 'x'], 'missing --tenant'],
    [['keys', 'create', '--role', 'noc', '--tenant', 'acme', '--name', 'x'], '--tenant is for customer keys'],
    [['keys', 'create', '--role', 'admin'], 'missing --name'],
    [
      ['keys', 'list', '--key', 'pk_live_x'],
      'unknown flag --key: a key on the command line lands in the shell history',
    ],
    [['keys', 'list', '--output', 'yaml'], '--output must be table or json, got "yaml"'],
    [['keys', 'list', '--url', 'ftp://h'], '--url must be an http(s) URL'],
    [['keys', 'list', '--url', 'localhost:8080x'], '--url must be an http(s) URL'],
    [['keys', 'list', '--url', 'http://u:p@h'], '--url must not hold credentials'],
  ])('refuses %j with exit 2, saying what and showing the usage', async (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(UsageError);
    const result = await runWith(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`error: ${message}`);
    expect(result.stderr).toContain('usage: npm run cli --');
  });

  it('names PREEMPT_URL when the bad URL came from the environment', async () => {
    const result = await runWith(['keys', 'list'], { env: { PREEMPT_API_KEY: 'x', PREEMPT_URL: 'nope' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: PREEMPT_URL must be an http(s) URL');
  });

  it('shows a command usage with its flags, not the whole help', async () => {
    const { stderr } = await runWith(['tickets', 'list', '--bogus']);
    expect(stderr).toContain('--severity   critical, major, minor');
    expect(stderr).toContain('more: npm run cli -- tickets list --help');
    expect(stderr).not.toContain('exit codes');
  });
});
