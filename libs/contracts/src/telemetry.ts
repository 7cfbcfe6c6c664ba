/** One validated measurement, ready for storage and detection. */
export interface TelemetryPoint {
  tenant: string;
  device: string;
  metric: string;
  /** Epoch milliseconds (integer). */
  ts: number;
  value: number;
  /** Shared between the points of one sample: treat as immutable. */
  tags: Readonly<Record<string, string>>;
}

/**
 * One sample as a device sends it in JSON (the message is one sample or a non-empty array of samples).
 * @example { "ts": "2026-01-05T10:00:00Z", "metrics": { "cpu.load": 0.42, "link_up": true }, "tags": { "site": "par1" } }
 */
export interface TelemetrySample {
  /** Epoch milliseconds, or an RFC 3339 string with a time zone. Missing: the time of reception. */
  ts?: number | string;
  /** Metric name -> number (booleans are accepted as 1/0, hence the wider wire type in practice). */
  metrics: Record<string, number>;
  tags?: Record<string, string>;
}

/**
 * How a message was written: `json` is the sample format, `telegraf-json` Telegraf's JSON serializer, `gnmic`
 * gnmic's event format.
 */
export type TelemetryFormat = 'json' | 'telegraf-json' | 'gnmic' | 'line-protocol';

/** Measurement name meaning "no prefix": line protocol fields become metrics named after the field alone. */
export const GENERIC_MEASUREMENT = 'telemetry';
