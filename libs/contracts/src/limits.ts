import { MAX_TAGS_PER_SAMPLE } from './identifiers';

export interface TelemetryLimits {
  /** Larger payloads are rejected before decoding (payload_too_large). */
  maxPayloadBytes: number;
  /** Total points (metrics x samples) in one message (too_many_metrics). */
  maxMetricsPerMessage: number;
  /** How far after reception a sample time may be (timestamp_in_future). */
  maxFutureSkewMs: number;
  /** How far before reception a sample time may be (timestamp_too_old). */
  maxAgeMs: number;
  maxTagsPerSample: number;
}

export const DEFAULT_TELEMETRY_LIMITS: TelemetryLimits = Object.freeze({
  maxPayloadBytes: 262_144,
  maxMetricsPerMessage: 1000,
  maxFutureSkewMs: 5 * 60_000,
  maxAgeMs: 30 * 86_400_000,
  maxTagsPerSample: MAX_TAGS_PER_SAMPLE,
});
