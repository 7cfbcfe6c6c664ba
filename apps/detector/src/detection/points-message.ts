import type { PointsMessage } from '@preempt/contracts';

const MAX_POINTS = 100_000;

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
