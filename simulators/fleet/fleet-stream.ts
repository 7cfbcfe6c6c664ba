import { seededRandom } from '../src/random';
import { FleetDevice } from './device-model';
import type { FleetPlan } from './fleet-plan';

export type TelemetryFormat = 'json' | 'line';

/** One MQTT message of the fleet: publish `payload` to `topic` once event time reaches `sendAt`. */
export interface FleetMessage {
  sendAt: number;
  topic: string;
  payload: string;
}

/** How often a sample goes missing, and how often a device starts holding samples back (per sample). */
export const MISSING_SAMPLE_RATE = 0.002;
export const LATE_BATCH_PER_DAY = 0.5;

/** The devices of a plan, each with its failure and benign events. */
export function fleetDevices(plan: FleetPlan): FleetDevice[] {
  return plan.devices.map(
    (profile) =>
      new FleetDevice(
        profile,
        plan.failures.find((f) => f.device === profile.id),
        plan.benign.filter((e) => e.device === profile.id),
      ),
  );
}

interface Held {
  samples: Array<{ ts: number; metrics: Record<string, number> }>;
  until: number;
}

/**
 * The fleet's telemetry, in the order a live fleet would send it (by `sendAt`, then device): one message
 * per sample on `telemetry/{tenant}/{device}` with the tags `site` and `role`, except that about 0.2 % of
 * samples go missing and, about twice a week per device, a few samples are held back (a collector's
 * buffer) and sent late as one batch (a JSON array, or several lines). Event timestamps always.
 * @example for (const m of fleetMessages(plan, { tenant: 'acme', format: 'json' })) publish(m.topic, m.payload)
 */
export function* fleetMessages(
  plan: FleetPlan,
  o: { tenant: string; format: TelemetryFormat },
): Generator<FleetMessage> {
  const devices = fleetDevices(plan);
  const streams = devices.map((d) => seededRandom(d.profile.seed ^ 0x51ced));
  const held: Array<Held | null> = devices.map(() => null);
  const step = plan.intervalMs;
  const end = plan.start + plan.durationMs;
  const lateChance = (LATE_BATCH_PER_DAY * step) / 86_400_000;
  for (let t = plan.start; t < end; t += step) {
    for (let i = 0; i < devices.length; i++) {
      const device = devices[i];
      const random = streams[i];
      const metrics = device.sample(t);
      const drop = random() < MISSING_SAMPLE_RATE;
      const late = random() < lateChance;
      const holdFor = 3 + Math.floor(random() * 8);
      const topic = `telemetry/${o.tenant}/${device.id}`;
      const tags = { role: device.profile.kind, site: device.profile.site };
      let batch = held[i];
      if (batch && t >= batch.until) {
        held[i] = null;
        if (batch.samples.length > 0) yield message(t, topic, batch.samples, tags, o.format);
        batch = null;
      }
      if (metrics === null || (drop && !hasGlitch(device, t))) continue;
      if (!batch && late) held[i] = batch = { samples: [], until: t + holdFor * step };
      if (batch) batch.samples.push({ ts: t, metrics });
      else yield message(t, topic, [{ ts: t, metrics }], tags, o.format);
    }
  }
  for (let i = 0; i < devices.length; i++) {
    const batch = held[i];
    if (batch && batch.samples.length > 0) {
      const device = devices[i];
      const tags = { role: device.profile.kind, site: device.profile.site };
      yield message(end, `telemetry/${o.tenant}/${device.id}`, batch.samples, tags, o.format);
    }
  }
}

function hasGlitch(device: FleetDevice, t: number): boolean {
  return device.events.some((e) => e.kind === 'sensor_glitch' && e.start === t);
}

function message(
  sendAt: number,
  topic: string,
  samples: Array<{ ts: number; metrics: Record<string, number> }>,
  tags: Record<string, string>,
  format: TelemetryFormat,
): FleetMessage {
  if (format === 'line') {
    const tagText = Object.entries(tags)
      .map(([k, v]) => `,${k}=${v}`)
      .join('');
    const lines = samples.map(
      (s) =>
        `telemetry${tagText} ${Object.entries(s.metrics)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')} ${s.ts}000000`,
    );
    return { sendAt, topic, payload: lines.join('\n') };
  }
  const bodies = samples.map((s) => ({ ts: s.ts, metrics: s.metrics, tags }));
  return { sendAt, topic, payload: JSON.stringify(bodies.length === 1 ? bodies[0] : bodies) };
}

/**
 * The ground truth of a plan, one JSON line per failure (device, mode, precursorStart, outageAt, effect)
 * then per benign event (device, kind, start, end, site), times in RFC 3339.
 * @example writeFileSync('truth.jsonl', truthLines(plan).join('\n') + '\n')
 */
export function truthLines(plan: FleetPlan): string[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    ...plan.failures.map((f) =>
      JSON.stringify({
        type: 'failure',
        device: f.device,
        mode: f.mode,
        precursorStart: iso(f.precursorStart),
        outageAt: iso(f.outageAt),
        effect: f.effect,
      }),
    ),
    ...plan.benign.map((e) =>
      JSON.stringify({
        type: 'benign',
        device: e.device,
        kind: e.kind,
        start: iso(e.start),
        end: iso(e.end),
        site: e.site,
      }),
    ),
  ];
}
