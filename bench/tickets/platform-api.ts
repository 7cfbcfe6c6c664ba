import * as http from 'node:http';

import { metricValue } from '../shared/bench-util';

/** The platform's counters the benchmark reads (GET /metrics), at one moment. */
export interface Snapshot {
  /** wall clock of the scrape */
  at: number;
  ingestPoints: number;
  ingestMessages: number;
  /** receipt -> points durable in InfluxDB -> acknowledged (sum of seconds, count) */
  ingestSeconds: number;
  ingestCount: number;
  storagePending: number;
  detectorPoints: number;
  anomaliesApplied: number;
  /** detection events of any type applied by the tickets app */
  eventsApplied: number;
  /** receipt of a detection event -> its transaction committed */
  ticketSeconds: number;
  ticketCount: number;
  checkpointSeconds: number;
  checkpointCount: number;
  checkpointRows: number;
  /** event loop delay since the previous scrape (prom-client resets it on every collection) */
  loopLagP99: number;
  loopLagMax: number;
}

export interface TicketSummary {
  device: string;
  openedAt: number;
  detectedAt: number;
}

export interface PlatformApi {
  snapshot(): Promise<Snapshot>;
  /** The device's ticket, or null while it has none. */
  ticketOf(tenant: string, device: string): Promise<TicketSummary | null>;
  ticketsOf(tenant: string): Promise<TicketSummary[]>;
}

interface TicketDto {
  device: string;
  openedAt: string;
  detectedAt: string;
}

/** A keep-alive HTTP client of the platform's API and /metrics, with an API key. */
export function platformApi(baseUrl: string, key: string): PlatformApi {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  // An idle keep-alive socket the server is closing right now fails with ECONNRESET: retry once on a new one.
  const get = (path: string): Promise<string> =>
    getOnce(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') throw error;
      return getOnce(path);
    });
  const getOnce = (path: string) =>
    new Promise<string>((resolve, reject) => {
      const headers = { authorization: `Bearer ${key}` };
      const request = http.get(`${baseUrl}${path}`, { agent, headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(body)
            : reject(new Error(`GET ${path}: ${response.statusCode} ${body}`)),
        );
      });
      request.on('error', reject);
    });
  const summary = (t: TicketDto): TicketSummary => ({
    device: t.device,
    openedAt: Date.parse(t.openedAt),
    detectedAt: Date.parse(t.detectedAt),
  });
  const tickets = async (query: string) =>
    (JSON.parse(await get(`/api/v1/tickets?${query}`)) as { items: TicketDto[] }).items.map(summary);

  return {
    async snapshot() {
      const text = await get('/metrics');
      const value = (name: string, labels: string[] = []) => metricValue(text, name, labels);
      return {
        at: Date.now(),
        ingestPoints: value('preempt_ingest_points_accepted_total'),
        ingestMessages: value('preempt_ingest_messages_total'),
        ingestSeconds: value('preempt_ingest_message_duration_seconds_sum'),
        ingestCount: value('preempt_ingest_message_duration_seconds_count'),
        storagePending: value('preempt_storage_points_pending'),
        detectorPoints: value('preempt_detector_points_processed'),
        eventsApplied: value('preempt_tickets_events_total', ['result="applied"']),
        anomaliesApplied: value('preempt_tickets_events_total', ['type="anomaly"', 'result="applied"']),
        ticketSeconds: value('preempt_tickets_event_duration_seconds_sum'),
        ticketCount: value('preempt_tickets_event_duration_seconds_count'),
        checkpointSeconds: value('preempt_detector_checkpoint_duration_seconds_sum'),
        checkpointCount: value('preempt_detector_checkpoint_duration_seconds_count'),
        checkpointRows: value('preempt_detector_checkpoint_rows_total'),
        loopLagP99: value('preempt_nodejs_eventloop_lag_p99_seconds'),
        loopLagMax: value('preempt_nodejs_eventloop_lag_max_seconds'),
      };
    },
    async ticketOf(tenant, device) {
      const params = new URLSearchParams({ tenant, device, limit: '1' });
      return (await tickets(params.toString()))[0] ?? null;
    },
    ticketsOf(tenant) {
      return tickets(new URLSearchParams({ tenant, limit: '500' }).toString());
    },
  };
}
