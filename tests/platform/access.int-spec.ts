import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { INestApplication } from '@nestjs/common';
import { type AccessOptions, generateKey } from '@preempt/access';
import { createApp, documentApi } from '@preempt/common';
import { type DetectionEvent, detectionEventId, topics } from '@preempt/contracts';
import { InMemoryChannel } from '@preempt/messaging';
import { type Database, openDatabase } from '@preempt/storage';

import { loadDetectorEnv, toDetectorConfig } from '../../apps/detector/src';
import { loadIngestEnv, toIngestConfig } from '../../apps/ingest/src';
import { loadNotifierEnv, toNotifierConfig } from '../../apps/notifier/src';
import { composePlatform } from '../../apps/platform/src';
import { loadTicketsEnv, toTicketsConfig } from '../../apps/tickets/src';
import { expectEventually } from '../harness/expect-eventually';
import { uniqueId } from '../harness/test-kit';

interface Route {
  method: string;
  /** as the router has it: /api/v1/tickets/:id */
  pattern: string;
  /** with its parameters filled in */
  path: string;
}

/** Every route the application's router has, with its parameters filled in. */
function routesOf(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack.flatMap(({ route }) =>
    route
      ? Object.keys(route.methods).map((method) => ({
          method: method.toUpperCase(),
          pattern: route.path,
          path: route.path.replace(/:(\w+)/g, (_, name: string) =>
            name === 'id' ? '00000000-0000-4000-8000-000000000000' : `x-${name}`,
          ),
        }))
      : [],
  );
}

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'scripts/cli/main.ts');

const OPEN = ['/healthz', '/readyz', '/metrics'];
// the notifier's one-click unsubscribe (RFC 8058): mail clients call it without a key, its signed token is the credential
const TOKEN_ONLY = ['GET /notices/unsubscribe', 'POST /notices/unsubscribe'];
/** the API's description, served by the same application */
const DOCS = ['/api/docs', '/api/docs-json'];
const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);

/** A temperature limit forecast of rtr-01 (four of them within 15 min open a ticket). */
function forecast(tenant: string, at: number): DetectionEvent {
  return {
    id: detectionEventId('forecast', tenant, 'rtr-01', 'temperature', at),
    type: 'forecast',
    tenant,
    device: 'rtr-01',
    failureMode: 'overheating',
    recommendedAction: 'Check fans and airflow',
    evidence: {
      metric: 'temperature',
      at,
      observed: 71,
      expected: 60,
      band: { lower: 55, upper: 65 },
      score: 0.2,
      component: 'trend',
      forecast: {
        limit: 85,
        level: 'critical',
        direction: 'up',
        predictedBreachAt: at + 6 * 60 * MIN,
        earliest: at + 5 * 60 * MIN,
        latest: at + 7 * 60 * MIN,
      },
    },
  };
}

/**
 * The all-in-one's whole HTTP surface with API keys: the platform composed in this process (channels in
 * memory, the harness's PostgreSQL), every route enumerated from its router.
 */
describe('access control on every route (keys, roles, tenant isolation)', () => {
  const adminKey = generateKey();
  const bus = new InMemoryChannel();
  let db: Database;
  let app: INestApplication;
  let baseUrl: string;

  async function start(
    access: AccessOptions,
    channel = new InMemoryChannel(),
  ): Promise<{ app: INestApplication; baseUrl: string }> {
    // forecasts open tickets after 15 min (this spec is about access, not the confirmation rule)
    const env = {
      ...process.env,
      DETECTION_PARTITIONS: '4',
      LOG_LEVEL: 'error',
      TICKET_FORECAST_MAX_SPAN: '15m',
    };
    const configs = {
      ingest: toIngestConfig(loadIngestEnv(env)),
      detector: toDetectorConfig(loadDetectorEnv(env)),
      tickets: toTicketsConfig(loadTicketsEnv(env)),
      notifier: toNotifierConfig(loadNotifierEnv(env)),
    };
    const started = await createApp(
      composePlatform(configs, { devices: channel, apps: channel }, db, access),
      'error',
    );
    documentApi(started);
    await started.listen(0, '127.0.0.1');
    const { port } = started.getHttpServer().address() as AddressInfo;
    return { app: started, baseUrl: `http://127.0.0.1:${port}` };
  }

  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json');
    return { status: response.status, headers: response.headers, body: json ? JSON.parse(text) : text };
  };

  /** Four forecasts: one open ticket for the device. */
  async function ticketOf(tenant: string): Promise<string> {
    const events = [0, 5, 10, 15].map((m) => forecast(tenant, T0 + m * MIN));
    for (const event of events)
      await bus.publish(topics.detectionEvents(event.tenant, event.device), JSON.stringify(event));
    let id = '';
    await expectEventually(async () => {
      const { body } = await call('GET', `/api/v1/tickets?tenant=${tenant}`, adminKey);
      expect(body.items).toHaveLength(1);
      id = body.items[0].id;
    });
    return id;
  }

  beforeAll(async () => {
    db = await openDatabase({ url: process.env.DATABASE_URL, dataDir: '', applicationName: 'access-spec' });
    ({ app, baseUrl } = await start(
      { adminApiKey: adminKey, metricsRequireKey: false, maxFailures: 1000, failureWindowMs: 60_000 },
      bus,
    ));
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('answers 401 without a key on every /api/v1 route of the router, and leaves health and metrics open', async () => {
    const routes = routesOf(app);
    const api = routes.filter((r) => r.path.startsWith('/api/v1'));
    // the router really was read: the tickets, telemetry and keys routes are there
    expect(api.map((r) => `${r.method} ${r.path.split('/')[3]}`)).toEqual(
      expect.arrayContaining(['GET tickets', 'POST tickets', 'GET telemetry', 'POST keys', 'DELETE keys']),
    );
    for (const route of api) {
      const response = await call(route.method, route.path);
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      const wrong = await call(route.method, route.path, generateKey());
      expect({ route, status: wrong.status }).toEqual({ route, status: 401 });
    }
    for (const path of OPEN) expect((await call('GET', path)).status).toBe(200);
    const others = routes.filter(
      (r) => !r.path.startsWith('/api/v1') && !DOCS.some((d) => r.path.startsWith(d)),
    );
    expect(
      others
        .filter((r) => !TOKEN_ONLY.includes(`${r.method} ${r.path}`))
        .map((r) => r.path)
        .sort(),
    ).toEqual([...OPEN].sort());
    expect((await call('POST', '/notices/unsubscribe?token=forged')).status).toBe(400);
  });

  it('a customer key (made with the CLI) sees its own tenant only: 404 for another tenant, nothing of theirs in lists', async () => {
    const [mine, theirs] = [uniqueId('acme'), uniqueId('other')];
    const [myTicket, theirTicket] = [await ticketOf(mine), await ticketOf(theirs)];
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        CLI,
        'keys',
        'create',
        '--role',
        'customer',
        '--tenant',
        mine,
        '--name',
        'Acme portal',
      ],
      { cwd: ROOT, env: { ...process.env, PREEMPT_URL: baseUrl, PREEMPT_API_KEY: adminKey } },
    );
    expect(stdout).toMatch(/^pk_live_[A-Za-z0-9_-]{43}\n$/);
    const customer = stdout.trim();

    expect((await call('GET', `/api/v1/tickets/${myTicket}`, customer)).status).toBe(200);
    const other = await call('GET', `/api/v1/tickets/${theirTicket}`, customer);
    expect(other.status).toBe(404);
    expect(other.body.detail).toBe(`ticket ${theirTicket} does not exist`);
    const all = await call('GET', '/api/v1/tickets?limit=500', customer);
    expect(all.body.items.map((t: { tenant: string }) => t.tenant)).toEqual([mine]);
    expect((await call('GET', `/api/v1/tickets?tenant=${theirs}`, customer)).body).toMatchObject({
      items: [],
      total: 0,
    });
    expect((await call('GET', `/api/v1/telemetry/${mine}/rtr-01?metric=temperature`, customer)).status).toBe(
      200,
    );
    expect(
      (await call('GET', `/api/v1/telemetry/${theirs}/rtr-01?metric=temperature`, customer)).status,
    ).toBe(404);
    // read only, and no key management
    expect((await call('POST', `/api/v1/tickets/${myTicket}/acknowledge`, customer, {})).status).toBe(403);
    expect((await call('GET', '/api/v1/keys', customer)).status).toBe(403);
  });

  it('shows a key once: lists carry its prefix, never the key or its hash; a revoked key is refused', async () => {
    const created = await call('POST', '/api/v1/keys', adminKey, { name: 'night shift', role: 'noc' });
    const { key, id } = created.body as { key: string; id: string };
    expect((await call('GET', '/api/v1/tickets', key)).status).toBe(200);
    const listed = await call('GET', '/api/v1/keys', adminKey);
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/"hash"/);
    expect(listed.body.items.find((k: { id: string }) => k.id === id)).toMatchObject({
      name: 'night shift',
      role: 'noc',
      tenant: null,
      prefix: key.slice(0, 12),
      revokedAt: null,
    });
    expect((await call('DELETE', `/api/v1/keys/${id}`, adminKey)).status).toBe(200);
    expect((await call('GET', '/api/v1/tickets', key)).status).toBe(401);
    expect((await call('DELETE', `/api/v1/keys/${id}`, adminKey)).status).toBe(404);
  });

  it('refuses bad key requests with the field named', async () => {
    for (const [body, parameter] of [
      [{ name: 'x', role: 'root' }, 'role'],
      [{ name: 'x', role: 'customer' }, 'tenant'],
      [{ name: 'x', role: 'noc', tenant: 'acme' }, 'tenant'],
      [{ name: '', role: 'noc' }, 'name'],
      [{ name: 'x', role: 'noc', scope: 'all' }, 'scope'],
    ] as const) {
      const response = await call('POST', '/api/v1/keys', adminKey, body);
      expect({ body, status: response.status, parameter: response.body.parameter }).toEqual({
        body,
        status: 400,
        parameter,
      });
    }
  });

  it('rate-limits failed authentications per client address (429 with Retry-After)', async () => {
    const strict = await start({ metricsRequireKey: true, maxFailures: 3, failureWindowMs: 60_000 });
    try {
      const attempt = () =>
        fetch(`${strict.baseUrl}/api/v1/tickets`, { headers: { authorization: 'Bearer nope' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const limited = await attempt();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // a good key is refused too while the address is limited (the limit comes before the lookup)
      const good = await fetch(`${strict.baseUrl}/api/v1/tickets`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(good.status).toBe(429);
      // METRICS_REQUIRE_KEY: /metrics needs a key like the API
      expect((await fetch(`${strict.baseUrl}/metrics`)).status).toBe(429);
    } finally {
      await strict.app.close();
    }
  });

  it('describes every route the router has at /api/docs-json, with the bearer scheme and the error shapes', async () => {
    const docs = await call('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    const spec = docs.body as {
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.components.schemas.ProblemDetails).toMatchObject({
      required: expect.arrayContaining(['status', 'detail']),
    });
    const routes = routesOf(app).filter((r) => !DOCS.some((d) => r.pattern.startsWith(d)));
    const documented = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routed = routes.map((r) => `${r.method} ${r.pattern.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(routed.sort());
    for (const [path, item] of Object.entries(spec.paths)) {
      if (!path.startsWith('/api/v1')) continue;
      for (const [method, operation] of Object.entries(item)) {
        expect({ method, path, security: operation.security }).toEqual({
          method,
          path,
          security: [{ bearer: [] }],
        });
        for (const status of ['401', '403', '404', '429'])
          expect(operation.responses[status]).toMatchObject({
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
            },
          });
      }
    }
    // the UI is served by the application itself: no CDN
    const ui = await fetch(`${baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
    const html = await ui.text();
    expect(html).toContain('swagger-ui');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});
