import { InvalidRequestError, parseInstant, singleParam } from '@preempt/common';
import { checkId, checkMetricName } from '@preempt/contracts';
import type { TelemetryQuery } from '@preempt/storage';

export const DEFAULT_QUERY_WINDOW_MS = 3_600_000;
export const DEFAULT_QUERY_LIMIT = 10_000;
export const MAX_QUERY_LIMIT = 100_000;

/** Query string of GET /api/v1/telemetry/{tenant}/{device}. */
export interface TelemetryQueryParams {
  metric?: string;
  from?: string;
  to?: string;
  limit?: string;
}

/** `{"tenant","device","metric","points":[[epochMs, value], ...]}` */
export interface TelemetryQueryResponseDto {
  tenant: string;
  device: string;
  metric: string;
  from: string;
  to: string;
  points: [number, number][];
}

/** Validates the path and query parameters; every problem names its parameter. */
export function toTelemetryQuery(
  tenant: string,
  device: string,
  params: TelemetryQueryParams,
  now: number,
): TelemetryQuery {
  for (const [kind, id] of [
    ['tenant', tenant],
    ['device', device],
  ] as const) {
    const problem = checkId(kind, id);
    if (problem) throw new InvalidRequestError(problem, kind);
  }
  const metric = singleParam(params.metric, 'metric');
  if (!metric) throw new InvalidRequestError('query parameter "metric" is required', 'metric');
  const metricProblem = checkMetricName(metric);
  if (metricProblem) throw new InvalidRequestError(metricProblem, 'metric');
  const to = parseInstant(singleParam(params.to, 'to'), 'to') ?? now;
  const from = parseInstant(singleParam(params.from, 'from'), 'from') ?? to - DEFAULT_QUERY_WINDOW_MS;
  if (from > to) throw new InvalidRequestError(`"from" (${iso(from)}) is after "to" (${iso(to)})`, 'from');
  return { tenant, device, metric, from, to, limit: parseLimit(singleParam(params.limit, 'limit')) };
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_QUERY_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_QUERY_LIMIT) {
    throw new InvalidRequestError(
      `"limit" must be an integer from 1 to ${MAX_QUERY_LIMIT}, got "${raw.slice(0, 32)}"`,
      'limit',
    );
  }
  return Number(raw);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
