/**
 * Why a field was left out of an accepted message (the rest of the message is kept); a metrics label.
 * `string_field`: a string value (line protocol `status="up"`, a Telegraf JSON string field, a gnmic value
 * that is not a number): text is not telemetry.
 */
export const SKIP_REASONS = ['string_field'] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];

/** Skipped fields per reason, e.g. `{ string_field: 2 }`; only reasons that occurred are present. */
export type SkippedFields = Partial<Record<SkipReason, number>>;

/** Adds one skipped field to the running count. */
export function countSkipped(skipped: SkippedFields, reason: SkipReason): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/** Total over all reasons. @example totalSkipped({ string_field: 2 }) // 2 */
export function totalSkipped(skipped: SkippedFields): number {
  let total = 0;
  for (const reason of SKIP_REASONS) total += skipped[reason] ?? 0;
  return total;
}
