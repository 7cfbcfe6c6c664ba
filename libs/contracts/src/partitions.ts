import { fnv1a32 } from './hash';

/**
 * Series state must live in exactly one detector process. Ingest republishes accepted points on
 * `points/{partition}/{tenant}/{device}`, the partition being a stable hash of (tenant, device), so all of
 * a device's metrics (and its multivariate model) land in one partition; detector i of N owns the
 * partitions p with p % N == i.
 */
export const DEFAULT_PARTITIONS = 16;

export function partitionOf(tenant: string, device: string, partitions: number): number {
  return fnv1a32(`${tenant}/${device}`) % partitions;
}

/** The partitions detector `instance` (0-based) of `instances` owns. */
export function ownedPartitions(instance: number, instances: number, partitions: number): number[] {
  const owned: number[] = [];
  for (let p = 0; p < partitions; p++) if (p % instances === instance) owned.push(p);
  return owned;
}
