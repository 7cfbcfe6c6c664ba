import type { Ticket, TicketDetail } from '../../scripts/cli/api-types';
import { type CliDeps, runCli } from '../../scripts/cli/run-cli';

/** A key of the platform's shape; never a real one. */
export const KEY = 'pk_live_' + 'k'.repeat(43);
export const NOW = Date.parse('2026-01-05T10:00:00.000Z');

export interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  signal?: AbortSignal;
}

/** A fetch answering from `answer`, recording each call (the CLI's only way out). */
export function fakeFetch(answer: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const call: Call = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      signal: init?.signal ?? undefined,
    };
    calls.push(call);
    return answer(call);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const problem = (status: number, detail: string, extra: Record<string, unknown> = {}, headers = {}) =>
  new Response(
    JSON.stringify({
      type: 'https://preempt.dev/problems/x',
      title: 'T',
      status,
      detail,
      instance: '/x',
      ...extra,
    }),
    { status, headers: { 'content-type': 'application/problem+json', ...headers } },
  );

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process with PREEMPT_API_KEY=KEY unless `env` says otherwise. */
export async function runWith(
  argv: string[],
  options: Partial<Pick<CliDeps, 'fetch' | 'env' | 'readFile' | 'timeoutMs'>> = {},
): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: { PREEMPT_API_KEY: KEY },
    readFile: () => {
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    },
    fetch: fakeFetch(() => {
      throw new Error('no request expected');
    }).fetch,
    ...options,
    version: '9.9.9',
    now: () => NOW,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

export function newTicket(overrides: Partial<TicketDetail> = {}): TicketDetail {
  const ticket: Ticket = {
    id: '3f2a9c1e-0000-4000-8000-000000000001',
    tenant: 'acme',
    device: 'rtr-01',
    failureMode: 'overheating',
    severity: 'major',
    status: 'open',
    detectedAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-01-05T09:30:00.000Z',
    predictedBreachAt: '2026-01-05T16:00:00.000Z',
    predictedBreachBand: { earliest: '2026-01-05T15:00:00.000Z', latest: '2026-01-05T17:00:00.000Z' },
    evidence: [{ metric: 'temperature', eventType: 'forecast', observed: 71, expected: 60 }],
    occurrenceCount: 3,
    recommendedAction: 'Check fans and airflow',
    version: 1,
    resolvedAt: null,
    resolution: null,
  };
  return {
    ...ticket,
    audit: [
      {
        seq: 1,
        action: 'opened',
        actor: 'tickets',
        at: '2026-01-05T08:00:00.000Z',
        comment: null,
        fromStatus: null,
        toStatus: 'open',
      },
    ],
    ...overrides,
  };
}
