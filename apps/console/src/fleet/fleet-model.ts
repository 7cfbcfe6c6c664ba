import type { Severity } from '../api/api-types.generated';
import type { QueueRow } from '../queue/queue-model';

export interface DeviceAtRisk {
  tenant: string;
  device: string;
  /** the earliest predicted breach among its open tickets (epoch ms), null when none predicts one */
  predictedBreachAt: number | null;
  severity: Severity;
  failureModes: string[];
}

const RANK: Record<Severity, number> = { critical: 0, major: 1, minor: 2 };

/** Devices with open tickets, the soonest predicted breach first; those without a prediction last, worst first. */
export function devicesByBreach(active: readonly QueueRow[]): DeviceAtRisk[] {
  const byDevice = new Map<string, DeviceAtRisk>();
  for (const row of active) {
    const key = `${row.tenant}\u0000${row.device}`;
    const at = row.predictedBreachAt === null ? null : Date.parse(row.predictedBreachAt);
    const seen = byDevice.get(key);
    if (!seen) {
      byDevice.set(key, {
        tenant: row.tenant,
        device: row.device,
        predictedBreachAt: at,
        severity: row.severity,
        failureModes: [row.failureMode],
      });
      continue;
    }
    if (at !== null && (seen.predictedBreachAt === null || at < seen.predictedBreachAt))
      seen.predictedBreachAt = at;
    if (RANK[row.severity] < RANK[seen.severity]) seen.severity = row.severity;
    if (!seen.failureModes.includes(row.failureMode)) seen.failureModes.push(row.failureMode);
  }
  return [...byDevice.values()].sort((a, b) => {
    const x = a.predictedBreachAt ?? Number.POSITIVE_INFINITY;
    const y = b.predictedBreachAt ?? Number.POSITIVE_INFINITY;
    return x !== y ? (x < y ? -1 : 1) : RANK[a.severity] - RANK[b.severity];
  });
}
