/**
 * Series state must live in exactly one detector process. Ingest republishes accepted points on
 * `points/{partition}/{tenant}/{device}`, the partition being a stable hash of (tenant, device), so all of
 * a device's metrics (and its multivariate model) land in one partition; detector i of N owns the
 * partitions p with p % N == i.
 */
export const DEFAULT_PARTITIONS = 16;

export function partitionOf(tenant: string, device: string, partitions: number): number {
  let h = 0x811c9dc5;
  const key = `${tenant}/${device}`;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h % partitions;
}

export function pointsTopic(partition: number, tenant: string, device: string): string {
  return `points/${partition}/${tenant}/${device}`;
}

/** The partitions detector `instance` (0-based) of `instances` owns. */
export function ownedPartitions(instance: number, instances: number, partitions: number): number[] {
  const owned: number[] = [];
  for (let p = 0; p < partitions; p++) if (p % instances === instance) owned.push(p);
  return owned;
}

/** Accepted points as republished for the detectors: one message per accepted telemetry message. */
export interface PointsMessage {
  tenant: string;
  device: string;
  /** [metric, ts (epoch ms), value] */
  points: [string, number, number][];
}
