import { ApiError, UnreachableError } from './api-client';
import { clean } from './output';

/** Exit codes of `npm run cli`, documented in --help and scripts/cli/README.md. */
export const EXIT = {
  ok: 0,
  /** a bug in the CLI itself */
  unexpected: 1,
  usage: 2,
  /** 401 or 403, or no usable key to send */
  auth: 3,
  notFound: 4,
  conflict: 5,
  /** 400, 422, 429 and any other 4xx */
  refused: 6,
  /** no answer, a timeout, something that is not the API, or 5xx */
  unavailable: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `exit codes:
  0  ok
  1  unexpected error in the CLI itself (a bug)
  2  usage error: unknown command or flag, missing or bad value
  3  not authenticated (401, or no usable key) or not allowed (403: the key's role may not)
  4  not found (404)
  5  conflict (409)
  6  the server refused the request otherwise (400, 422, 429 and other 4xx)
  7  server unreachable, timed out, not the Preempt API, or failing (5xx)`;

const KEY_HINT =
  'hint: set PREEMPT_API_KEY (or --key-file FILE) to a live API key; an admin creates one with keys create';

const ROLE_HINT =
  "hint: the key's role may not do this: keys need an admin key; acting on tickets, windows, silences and feedback an admin or noc key";

/** A failure the CLI diagnosed itself, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hints: string[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line: the message says what, `usage` is the command's usage to show with it. */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message, EXIT.usage);
  }
}

/** No key, or something that cannot be a key: refused before any request (it would count as a failed login). */
export function missingKeyError(message: string): CliError {
  return new CliError(message, EXIT.auth, [KEY_HINT]);
}

export interface Failure {
  exitCode: ExitCode;
  /** for stderr, without the final newline */
  lines: string[];
}

/**
 * What to tell the user about an error, and the exit code.
 *
 * @example explain(new ApiError(...404...)) // { exitCode: 4, lines: ['error: ticket ... does not exist'] }
 */
export function explain(error: unknown): Failure {
  if (error instanceof UsageError)
    return { exitCode: error.exitCode, lines: [`error: ${error.message}`, '', error.usage] };
  if (error instanceof CliError)
    return { exitCode: error.exitCode, lines: [`error: ${error.message}`, ...error.hints] };
  if (error instanceof ApiError) return explainApiError(error);
  if (error instanceof UnreachableError)
    return {
      exitCode: EXIT.unavailable,
      lines: [
        `error: cannot reach the Preempt API at ${error.url} (${clean(error.reason)})`,
        'hint: is the platform running? Point --url or PREEMPT_URL at it',
      ],
    };
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { exitCode: EXIT.unexpected, lines: [`error: unexpected: ${message}`] };
}

function explainApiError(error: ApiError): Failure {
  const { status, problem } = error;
  const parameter = problem.parameter === undefined ? '' : ` (parameter: ${clean(problem.parameter)})`;
  const line = `error: ${clean(problem.detail)}${parameter}`;
  if (status === 401) return { exitCode: EXIT.auth, lines: [line, KEY_HINT] };
  if (status === 403)
    return {
      exitCode: EXIT.auth,
      lines: [line, ROLE_HINT],
    };
  if (status === 404) return { exitCode: EXIT.notFound, lines: [line] };
  if (status === 409) return { exitCode: EXIT.conflict, lines: [line] };
  if (status === 429) {
    const retry =
      error.retryAfter === null ? [] : [`hint: retry after ${clean(error.retryAfter)} s (Retry-After)`];
    return { exitCode: EXIT.refused, lines: [line, ...retry] };
  }
  if (status >= 400 && status < 500) return { exitCode: EXIT.refused, lines: [line] };
  return {
    exitCode: EXIT.unavailable,
    lines: [`error: the Preempt API at ${error.url} failed with ${status}: ${clean(problem.detail)}`],
  };
}
