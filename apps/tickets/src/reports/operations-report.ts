import type { Database } from '@preempt/storage';

/** Count, median and 90th percentile of a duration (ms; null when nothing was measured). */
export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/** How the NOC handled the tickets opened in a period (all of them, or one failure mode's). */
export interface OperationsFigures {
  opened: number;
  /** not resolved yet */
  stillOpen: number;
  /** opening to the first acknowledgement (tickets acknowledged so far) */
  timeToAcknowledge: DurationStats;
  /** opening to resolution (tickets resolved so far, however) */
  timeToResolve: DurationStats;
  resolved: { manual: number; auto: number; falsePositive: number };
  /** share of the resolved tickets the NOC resolved as false positives (null: none resolved) */
  falsePositiveShare: number | null;
  /** tickets that escalated at least once (nobody acknowledged them in time) */
  escalated: number;
  /** tickets opened on a forecast: how long before the predicted breach they opened */
  warningLead: DurationStats;
}

export interface OperationsReport extends OperationsFigures {
  /** the period: tickets opened in [from, to) */
  from: number;
  to: number;
  tenant: string | null;
  /** the same figures per failure mode, most opened first */
  byFailureMode: (OperationsFigures & { failureMode: string })[];
}

interface FiguresRow {
  failure_mode?: string;
  opened: string;
  still_open: string;
  acknowledged: string;
  ack_median: number | null;
  ack_p90: number | null;
  resolved: string;
  resolve_median: number | null;
  resolve_p90: number | null;
  manual: string;
  auto: string;
  false_positive: string;
  escalated: string;
  predicted: string;
  lead_median: number | null;
  lead_p90: number | null;
}

// ms between two timestamptz
const ms = (later: string, earlier: string) => `extract(epoch FROM ${later} - ${earlier}) * 1000`;

const FIGURES = `
  count(*) AS opened,
  count(*) FILTER (WHERE status <> 'resolved') AS still_open,
  count(acknowledged_at) AS acknowledged,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms('acknowledged_at', 'opened_at')}) AS ack_median,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY ${ms('acknowledged_at', 'opened_at')}) AS ack_p90,
  count(resolved_at) AS resolved,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms('resolved_at', 'opened_at')}) AS resolve_median,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY ${ms('resolved_at', 'opened_at')}) AS resolve_p90,
  count(*) FILTER (WHERE resolution = 'manual') AS manual,
  count(*) FILTER (WHERE resolution = 'auto') AS auto,
  count(*) FILTER (WHERE resolution = 'false_positive') AS false_positive,
  count(*) FILTER (WHERE escalated) AS escalated,
  count(predicted_breach_at) AS predicted,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms('predicted_breach_at', 'opened_at')}) AS lead_median,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY ${ms('predicted_breach_at', 'opened_at')}) AS lead_p90`;

// the tickets opened in [$1, $2) of tenant $3 (null: all), with their first acknowledgement
const PERIOD = `
  WITH period AS (
    SELECT t.failure_mode, t.status, t.resolution, t.opened_at, t.resolved_at, t.predicted_breach_at,
      (SELECT min(a.at) FROM ticket_audit a WHERE a.ticket_id = t.id AND a.action = 'acknowledged')
        AS acknowledged_at,
      EXISTS (SELECT 1 FROM ticket_audit a WHERE a.ticket_id = t.id AND a.action = 'escalated') AS escalated
    FROM tickets t
    WHERE t.opened_at >= $1 AND t.opened_at < $2 AND ($3::text IS NULL OR t.tenant = $3)
  )`;

/**
 * The operations report (PagerDuty / Grafana OnCall style): for the tickets opened in a period, how fast the
 * NOC acknowledged and resolved them, how many were false positives, escalated, or warned ahead of a breach.
 */
export async function operationsReport(
  db: Database,
  period: { from: number; to: number; tenant: string | null },
): Promise<OperationsReport> {
  const params = [new Date(period.from), new Date(period.to), period.tenant];
  const [all, modes] = await Promise.all([
    db.query<FiguresRow>(`${PERIOD} SELECT ${FIGURES} FROM period`, params),
    db.query<FiguresRow>(
      `${PERIOD} SELECT failure_mode, ${FIGURES} FROM period
       GROUP BY failure_mode ORDER BY count(*) DESC, failure_mode`,
      params,
    ),
  ]);
  return {
    from: period.from,
    to: period.to,
    tenant: period.tenant,
    ...toFigures(all.rows[0]),
    byFailureMode: modes.rows.map((row) => ({ failureMode: row.failure_mode!, ...toFigures(row) })),
  };
}

function toFigures(row: FiguresRow): OperationsFigures {
  const resolved = {
    manual: Number(row.manual),
    auto: Number(row.auto),
    falsePositive: Number(row.false_positive),
  };
  const resolvedCount = Number(row.resolved);
  return {
    opened: Number(row.opened),
    stillOpen: Number(row.still_open),
    timeToAcknowledge: stats(row.acknowledged, row.ack_median, row.ack_p90),
    timeToResolve: stats(row.resolved, row.resolve_median, row.resolve_p90),
    resolved,
    falsePositiveShare: resolvedCount === 0 ? null : resolved.falsePositive / resolvedCount,
    escalated: Number(row.escalated),
    warningLead: stats(row.predicted, row.lead_median, row.lead_p90),
  };
}

function stats(count: string, median: number | null, p90: number | null): DurationStats {
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return { count: Number(count), medianMs: round(median), p90Ms: round(p90) };
}
