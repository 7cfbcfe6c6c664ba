import type { TelemetryPoint } from './telemetry';

/** Accepted points as handed to the detectors: one message per device of an accepted telemetry message. */
export interface PointsMessage {
  tenant: string;
  device: string;
  /** [metric, ts (epoch ms), value] */
  points: [string, number, number][];
  /** the device's `site` tag (its latest sample's), when the telemetry has one */
  site?: string;
}

const MAX_POINTS = 100_000;

/**
 * Accepted points grouped by device, in the order they came (a device's points keep their order).
 * @example groupByDevice(points).map((m) => topics.points(partitionOf(m.tenant, m.device, 16), m.tenant, m.device))
 */
export function groupByDevice(points: readonly TelemetryPoint[]): PointsMessage[] {
  const byDevice = new Map<string, PointsMessage>();
  for (const point of points) {
    const key = `${point.tenant}\u0000${point.device}`;
    let message = byDevice.get(key);
    if (!message) byDevice.set(key, (message = { tenant: point.tenant, device: point.device, points: [] }));
    message.points.push([point.metric, point.ts, point.value]);
    const site = point.tags.site;
    if (site !== undefined) message.site = site;
  }
  return [...byDevice.values()];
}

/** Parses a `points/{p}/{tenant}/{device}` payload; returns the reason when it is not a valid PointsMessage. */
export function parsePointsMessage(
  payload: Uint8Array | string,
): { ok: true; message: PointsMessage } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof json !== 'object' || json === null) return { ok: false, reason: 'not an object' };
  const m = json as Record<string, unknown>;
  if (typeof m.tenant !== 'string' || m.tenant.length === 0)
    return { ok: false, reason: 'tenant must be a string' };
  if (typeof m.device !== 'string' || m.device.length === 0)
    return { ok: false, reason: 'device must be a string' };
  if (m.site !== undefined && (typeof m.site !== 'string' || m.site.length === 0 || m.site.length > 256))
    return { ok: false, reason: 'site must be a non-empty string' };
  if (!Array.isArray(m.points) || m.points.length > MAX_POINTS)
    return { ok: false, reason: 'points must be an array' };
  for (let i = 0; i < m.points.length; i++) {
    const p: unknown = m.points[i];
    if (
      !Array.isArray(p) ||
      p.length !== 3 ||
      typeof p[0] !== 'string' ||
      !Number.isFinite(p[1]) ||
      !Number.isFinite(p[2])
    )
      return { ok: false, reason: `points[${i}] must be [metric, ts, value] with finite numbers` };
  }
  return { ok: true, message: json as PointsMessage };
}
