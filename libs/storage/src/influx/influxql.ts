import type { InfluxOptions } from './influx-options';

/** Quotes a string literal for InfluxQL. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Quotes an identifier for InfluxQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export class InfluxQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfluxQueryError';
  }
}

interface InfluxQLSeries {
  name: string;
  columns: string[];
  values?: unknown[][];
}

interface InfluxQLResponse {
  results?: { statement_id?: number; series?: InfluxQLSeries[]; error?: string }[];
  error?: string;
}

export function authHeaders(options: InfluxOptions): Record<string, string> {
  if (options.api === 'v2' && options.token) return { Authorization: `Token ${options.token}` };
  if (options.username) {
    const basic = Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64');
    return { Authorization: `Basic ${basic}` };
  }
  return {};
}

/**
 * Runs one InfluxQL statement over `/query` (InfluxDB 1.x; 2.x through its v1 compatibility API; 3.x) with
 * epoch-millisecond timestamps, and returns the first result's series.
 */
export async function runInfluxQL(
  options: InfluxOptions,
  statement: string,
  method: 'GET' | 'POST' = 'GET',
): Promise<InfluxQLSeries[]> {
  const params = new URLSearchParams({ q: statement, epoch: 'ms' });
  if (options.database) params.set('db', options.database);
  if (options.retentionPolicy) params.set('rp', options.retentionPolicy);
  const response = await fetch(`${options.url}/query?${params.toString()}`, {
    method,
    headers: authHeaders(options),
    signal: AbortSignal.timeout(options.requestTimeoutMs),
  });
  const text = await response.text();
  let body: InfluxQLResponse;
  try {
    body = JSON.parse(text) as InfluxQLResponse;
  } catch {
    throw new InfluxQueryError(`InfluxDB /query answered ${response.status}: ${text.slice(0, 200)}`);
  }
  const error = body.error ?? body.results?.[0]?.error;
  if (!response.ok || error)
    throw new InfluxQueryError(`InfluxDB /query failed (${response.status}): ${error ?? text}`);
  return body.results?.[0]?.series ?? [];
}
