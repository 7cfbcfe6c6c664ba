import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { fakeFetch, json, KEY, problem, runWith } from './cli-test-kit';

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('npm run cli: errors and exit codes', () => {
  it.each([
    [
      401,
      problem(401, 'The API key is unknown or revoked'),
      3,
      ['error: The API key is unknown or revoked', 'PREEMPT_API_KEY'],
    ],
    [
      403,
      problem(403, 'A customer key may not do this (needs admin)'),
      3,
      ["hint: the key's role may not do this"],
    ],
    [404, problem(404, 'ticket x does not exist'), 4, ['error: ticket x does not exist']],
    [409, problem(409, 'ticket is resolved'), 5, ['error: ticket is resolved']],
    [
      400,
      problem(400, '"status" must be one of open', { parameter: 'status' }),
      6,
      ['error: "status" must be one of open (parameter: status)'],
    ],
    [422, problem(422, 'cannot do that'), 6, ['error: cannot do that']],
    [
      429,
      problem(429, 'Too many failed authentications', { retryAfter: 42 }, { 'retry-after': '42' }),
      6,
      ['error: Too many failed authentications\nhint: retry after 42 s (Retry-After)'],
    ],
    [
      413,
      new Response('too big', { status: 413, statusText: 'Payload Too Large' }),
      6,
      ['413 Payload Too Large'],
    ],
    [
      500,
      problem(500, 'Internal error'),
      7,
      ['the Preempt API at http://127.0.0.1:8080/ failed with 500: Internal error'],
    ],
    [
      502,
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      7,
      ['GET /api/v1/keys answered 502 Bad Gateway, not a problem document: is this the Preempt API?'],
    ],
  ])('maps %i to exit %i with the problem detail on stderr', async (_status, response, code, lines) => {
    const result = await runWith(
      ['keys', 'list'],
      fakeFetch(() => response),
    );
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    for (const line of lines) expect(result.stderr).toContain(line);
  });

  it('takes Retry-After from the problem when the header is missing', async () => {
    const result = await runWith(
      ['keys', 'list'],
      fakeFetch(() => problem(429, 'slow down', { retryAfter: 7 })),
    );
    expect(result.stderr).toBe('error: slow down\nhint: retry after 7 s (Retry-After)\n');
  });

  it('cleans what the server says before printing it', async () => {
    const result = await runWith(
      ['keys', 'list'],
      fakeFetch(() => problem(404, 'no \u001b[2J key')),
    );
    expect(result.stderr).toBe('error: no ?[2J key\n');
  });

  it('exits 7 when a 200 is not JSON (not the Preempt API)', async () => {
    const result = await runWith(
      ['keys', 'list'],
      fakeFetch(() => new Response('<html></html>')),
    );
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('GET /api/v1/keys answered 200 with something other than JSON');
  });

  it('exits 7, naming the URL and ECONNREFUSED, when nothing listens', async () => {
    const server = createServer();
    const port = await listen(server);
    await close(server);
    const url = `http://127.0.0.1:${port}`;
    const result = await runWith(['tickets', 'list', '--url', url], { fetch: globalThis.fetch });
    expect(result.code).toBe(7);
    expect(result.stderr).toContain(`error: cannot reach the Preempt API at ${url}/ (connect ECONNREFUSED`);
    expect(result.stderr).toContain('PREEMPT_URL');
  });

  it('exits 7 when the server does not answer in time', async () => {
    const hang = fakeFetch(
      (call) =>
        new Promise<Response>((_, reject) =>
          call.signal?.addEventListener('abort', () => reject(call.signal?.reason)),
        ),
    );
    const result = await runWith(['keys', 'list'], { fetch: hang.fetch, timeoutMs: 10 });
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('no answer within 0.01 s');
  });

  it('follows no redirect: the key goes to the URL given and nowhere else', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? 'no key'}`);
      res.writeHead(302, { location: '/elsewhere' }).end();
    });
    const port = await listen(server);
    try {
      const result = await runWith(['keys', 'list', '--url', `http://127.0.0.1:${port}`], {
        fetch: globalThis.fetch,
      });
      expect(result.code).toBe(7);
      expect(seen).toEqual([`/api/v1/keys Bearer ${KEY}`]);
    } finally {
      await close(server);
    }
  });

  describe('the key', () => {
    it('is refused before any request when missing (exit 3, naming PREEMPT_API_KEY)', async () => {
      const result = await runWith(['keys', 'list'], { env: {} });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('error: no API key: PREEMPT_API_KEY is not set');
    });

    it('is refused before any request when it cannot be a key, and not echoed', async () => {
      const result = await runWith(['keys', 'list'], { env: { PREEMPT_API_KEY: 'hunter2 secret' } });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('error: PREEMPT_API_KEY does not hold an API key');
      expect(result.stderr).not.toContain('hunter2');
    });

    it('is read from --key-file, which wins over PREEMPT_API_KEY', async () => {
      const fileKey = 'pk_live_' + 'f'.repeat(43);
      const { fetch, calls } = fakeFetch(() => json({ items: [] }));
      const readFile = (path: string) => (path === '/secrets/key' ? `${fileKey}\n` : '');
      const result = await runWith(['keys', 'list', '--key-file', '/secrets/key'], { fetch, readFile });
      expect(result.code).toBe(0);
      expect(calls[0].headers.get('authorization')).toBe(`Bearer ${fileKey}`);
    });

    it('exits 2 when --key-file cannot be read', async () => {
      const result = await runWith(['keys', 'list', '--key-file', '/nope']);
      expect(result).toMatchObject({ code: 2, stderr: 'error: cannot read --key-file /nope (ENOENT)\n' });
    });

    it('is never printed, whatever happens', async () => {
      for (const response of [json({ items: [] }), problem(401, 'unknown key'), problem(500, 'boom')]) {
        const result = await runWith(
          ['keys', 'list'],
          fakeFetch(() => response),
        );
        expect(result.stdout + result.stderr).not.toContain(KEY);
      }
    });
  });
});
