/** Why a telemetry message was dropped; also the `reason` of its dead letter and a metrics label. */
export const REJECTION_REASONS = [
  'payload_too_large',
  'invalid_encoding',
  'malformed_json',
  'malformed_line_protocol',
  'invalid_schema',
  'no_metrics',
  'non_numeric_value',
  'non_finite_value',
  'invalid_metric_name',
  'invalid_tag',
  'invalid_topic',
  'invalid_timestamp',
  'timestamp_in_future',
  'timestamp_too_old',
  'too_many_metrics',
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface Rejection {
  reason: RejectionReason;
  /** Precise and human readable, naming the field or line, e.g. `metrics.temp: value "abc" is a string, expected a number`. */
  detail: string;
}

const REASONS: ReadonlySet<string> = new Set(REJECTION_REASONS);

/** @example isRejectionReason('no_metrics') // true */
export function isRejectionReason(value: unknown): value is RejectionReason {
  return typeof value === 'string' && REASONS.has(value);
}
