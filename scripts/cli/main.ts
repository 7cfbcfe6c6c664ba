/**
 * `npm run cli -- COMMAND ...`: API keys, tickets, maintenance windows, silences and feedback of a running
 * platform over its HTTP API, amtool style.
 * Everything is in run-cli.ts; this file only hands it the process (see scripts/cli/README.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { runCli } from './run-cli';

const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
  version: string;
};

// `npm run cli -- tickets list | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

void runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => Date.now(),
  readFile: (path) => readFileSync(path, 'utf8'),
  version,
}).then((code) => {
  process.exitCode = code;
});
