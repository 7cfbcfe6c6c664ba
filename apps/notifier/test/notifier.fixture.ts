import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { createApp } from '@preempt/common';
import { type TicketLifecycleMessage, ticketLifecycleTopic, type TicketSummary } from '@preempt/contracts';
import type { Channel } from '@preempt/messaging';
import type { Database } from '@preempt/storage';

import { appTestEnv, authorization, listenOnFreePort, testAccess } from '../../../tests/harness/test-kit';
import { composeNotifier } from '../src/compose';
import { loadNotifierEnv, type NotifierConfig, toNotifierConfig } from '../src/config';
import { DeliveryWorker } from '../src/delivery/delivery.worker';
import type { NotifierOptions } from '../src/notifier.module';
import type { Clock } from '../src/tokens';

export { authorization, uniqueId } from '../../../tests/harness/test-kit';

/** A clock the test moves (quiet hours, digests, reminders, retry horizons in compressed time). */
export class TestClock implements Clock {
  constructor(public ms = Date.parse('2027-01-05T10:00:00Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface RunningNotifier {
  app: INestApplication;
  config: NotifierConfig;
  baseUrl: string;
  worker: DeliveryWorker;
  close(): Promise<void>;
}

/** The real notifier app on the channels and database it is given, HTTP on a free loopback port. */
export async function startNotifier(
  channels: { devices: Channel; apps: Channel },
  db: Database,
  env: Record<string, string> = {},
  options: NotifierOptions = {},
): Promise<RunningNotifier> {
  const environment = appTestEnv('notifier', {
    DELIVERY_POLL_INTERVAL: '50ms',
    DELIVERY_BACKOFF_INITIAL: '50ms',
    ...env,
  });
  const values = loadNotifierEnv(environment);
  const config = toNotifierConfig(values);
  const app = await createApp(
    composeNotifier(config, channels, db, testAccess(environment), options),
    values.LOG_LEVEL,
  );
  const baseUrl = await listenOnFreePort(app);
  return { app, config, baseUrl, worker: app.get(DeliveryWorker), close: () => app.close() };
}

/** A Standard Webhooks secret. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A lifecycle message as the tickets relay publishes it. */
export function newLifecycle(
  id: number,
  type: TicketLifecycleMessage['type'],
  ticket: Partial<TicketSummary> & { id: string; tenant: string },
  details: Record<string, unknown> | null = null,
): TicketLifecycleMessage {
  return {
    id,
    type,
    at: new Date().toISOString(),
    actor: 'system',
    comment: null,
    details,
    ticket: {
      device: 'rtr-01',
      site: 'par1',
      failureMode: 'overheating',
      severity: 'major',
      status: 'open',
      assignee: null,
      version: 1,
      updatedAt: new Date().toISOString(),
      predictedBreachAt: '2027-01-06T14:00:00.000Z',
      predictedBreachBand: { earliest: '2027-01-06T12:00:00.000Z', latest: '2027-01-06T18:00:00.000Z' },
      recommendedAction: 'Check the fan tray and airflow',
      resolution: null,
      deviceSilentSince: null,
      ...ticket,
    },
  };
}

export function publishLifecycle(channel: Channel, message: TicketLifecycleMessage): Promise<void> {
  return channel.publish(
    ticketLifecycleTopic(message.ticket.tenant, message.ticket.id),
    JSON.stringify(message),
    {
      key: message.ticket.id,
    },
  );
}

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

/**
 * A webhook (or PagerDuty) receiver on a fixed loopback port: answers `status` (200 by default), records
 * every request; `stop()` makes the port refuse connections until `start()` again.
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  status = 200;
  headers: Record<string, string> = {};
  /** record requests but never answer them (a receiver that is slow while the sender dies) */
  hang = false;
  private server?: Server;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          path: req.url ?? '',
        });
        // hanging: the request stays unanswered until the sender gives up or stop() closes the connection
        if (!this.hang) res.writeHead(this.status, this.headers).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  bodies(): Record<string, unknown>[] {
    return this.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
  }
}

/** A response as the specs see it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiResponse = { status: number; type: string; body: any };

export async function call(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = authorization(),
): Promise<ApiResponse> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: parsed };
}

/** A customer key of `tenant`, made through the API with the tests' admin key. */
export async function customerKey(baseUrl: string, tenant: string): Promise<string> {
  const created = await call(baseUrl, 'POST', '/api/v1/keys', {
    name: `${tenant} portal`,
    role: 'customer',
    tenant,
  });
  if (created.status !== 201) throw new Error(`key: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.key as string;
}
