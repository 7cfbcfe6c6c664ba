import type { TelemetryLimits } from './limits';
import type { ParsedPoints } from './line-protocol';
import { reject } from './rejection-signal';
import { type SkippedFields, totalSkipped } from './skipped-fields';
import type { TelemetryPoint } from './telemetry';

/** What the JSON collectors' parsers (Telegraf JSON, gnmic events) collect while they read one message. */
export interface ParseContext {
  tenant: string;
  device: string;
  receivedAt: number;
  limits: TelemetryLimits;
  points: TelemetryPoint[];
  skipped: SkippedFields;
}

export function newParseContext(
  tenant: string,
  device: string,
  receivedAt: number,
  limits: TelemetryLimits,
): ParseContext {
  return { tenant, device, receivedAt, limits, points: [], skipped: {} };
}

/** The points read, or `no_metrics` saying how many `what`s were skipped as strings. */
export function finishParse(ctx: ParseContext, what: 'field' | 'value'): ParsedPoints {
  if (ctx.points.length === 0)
    reject(
      'no_metrics',
      `payload has no numeric ${what} (string ${what}s skipped: ${totalSkipped(ctx.skipped)})`,
    );
  return { points: ctx.points, skipped: ctx.skipped };
}
