import { ApiClient } from './api-client';
import { parseCli } from './cli-args';
import { CliError, EXIT, type ExitCode, explain, missingKeyError } from './cli-errors';
import { execute, type Io } from './execute';

/** Everything the CLI touches outside itself, so that tests can give their own. */
export interface CliDeps extends Io {
  env: Record<string, string | undefined>;
  /** reads --key-file */
  readFile(path: string): string;
  version: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

// The shape of a key generated or provisioned by the platform (libs/access api-key.ts).
const KEY_SHAPE = /^[A-Za-z0-9_-]{32,256}$/;

/**
 * The whole CLI: parse, run, print; resolves to the exit code (never rejects).
 *
 * @example process.exitCode = await runCli(['tickets', 'list'], deps);
 */
export async function runCli(argv: string[], deps: CliDeps): Promise<ExitCode> {
  try {
    const invocation = parseCli(argv, deps.env, deps.now());
    switch (invocation.kind) {
      case 'help':
        deps.stdout(invocation.text);
        return EXIT.ok;
      case 'version':
        deps.stdout(`preempt-cli ${deps.version} (node ${process.version})\n`);
        return EXIT.ok;
      case 'command': {
        const { url, keyFile, output } = invocation.global;
        const key = readKey(keyFile, deps);
        const api = new ApiClient({ baseUrl: url, key, fetch: deps.fetch, timeoutMs: deps.timeoutMs });
        await execute(invocation.command, api, output, deps);
        return EXIT.ok;
      }
    }
  } catch (error) {
    const failure = explain(error);
    deps.stderr(`${failure.lines.join('\n')}\n`);
    return failure.exitCode;
  }
}

/** The key from --key-file, else PREEMPT_API_KEY; checked for shape so that no junk is sent (or echoed). */
function readKey(keyFile: string | undefined, deps: CliDeps): string {
  const source = keyFile === undefined ? 'PREEMPT_API_KEY' : `--key-file ${keyFile}`;
  let key = (deps.env.PREEMPT_API_KEY ?? '').trim();
  if (keyFile !== undefined) {
    try {
      key = deps.readFile(keyFile).trim();
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new CliError(`cannot read ${source} (${reason})`, EXIT.usage);
    }
  }
  if (key === '')
    throw missingKeyError(`no API key: ${source} is ${keyFile === undefined ? 'not set' : 'empty'}`);
  if (!KEY_SHAPE.test(key))
    throw missingKeyError(
      `${source} does not hold an API key (32 to 256 characters of A-Z, a-z, 0-9, "_", "-")`,
    );
  return key;
}
