import { parseTelemetryMessage } from '@preempt/contracts';

import { DAY, MINUTE } from '../src/device-simulator';
import { planFleet } from './fleet-plan';
import { fleetMessages, MISSING_SAMPLE_RATE, truthLines } from './fleet-stream';
import { T0 } from './fleet-test-kit';

const plan = planFleet({
  devices: 24,
  seed: 3,
  start: T0,
  durationMs: 7 * DAY,
  intervalMs: 5 * MINUTE,
  scenario: 'realistic',
});

describe('fleet telemetry', () => {
  it.each(['json', 'line'] as const)(
    'every %s message passes the ingest contract, with site and role tags',
    (format) => {
      let checked = 0;
      for (const m of fleetMessages(plan, { tenant: 'acme', format })) {
        const batch = m.payload.startsWith('[') || m.payload.includes('\n');
        if (checked++ % 37 !== 0 && !batch) continue; // every batch, a sample of the rest: the spec stays fast
        const result = parseTelemetryMessage(m.topic, Buffer.from(m.payload), m.sendAt);
        if (!result.ok) throw new Error(`${m.topic} ${m.payload}: ${result.reason} ${result.detail}`);
        expect(result.points.length).toBeGreaterThan(0);
        expect(result.points[0].tags).toEqual(
          expect.objectContaining({ site: expect.any(String), role: expect.any(String) }),
        );
        for (const p of result.points) expect(p.ts).toBeLessThanOrEqual(m.sendAt);
      }
    },
  );

  it('sends are in event-time order; some samples go missing and some arrive late as a batch', () => {
    const samplesPerDevice = plan.durationMs / plan.intervalMs;
    let last = 0;
    let samples = 0;
    let batches = 0;
    for (const m of fleetMessages(plan, { tenant: 'acme', format: 'json' })) {
      expect(m.sendAt).toBeGreaterThanOrEqual(last);
      last = m.sendAt;
      const body = JSON.parse(m.payload) as { ts: number } | Array<{ ts: number }>;
      if (Array.isArray(body)) {
        batches++;
        expect(body.map((s) => s.ts)).toEqual([...body.map((s) => s.ts)].sort((a, b) => a - b));
        expect(m.sendAt).toBeGreaterThan(body[body.length - 1].ts);
        samples += body.length;
      } else samples++;
    }
    expect(batches).toBeGreaterThan(10);
    const silentOrMissing = plan.devices.length * samplesPerDevice - samples;
    expect(silentOrMissing).toBeGreaterThan(
      plan.devices.length * samplesPerDevice * MISSING_SAMPLE_RATE * 0.3,
    );
  });

  it('truth: one JSON line per failure then per benign event, times in RFC 3339', () => {
    const lines = truthLines(plan).map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.length).toBe(plan.failures.length + plan.benign.length);
    const failure = lines.find((l) => l.type === 'failure')!;
    expect(Object.keys(failure)).toEqual(['type', 'device', 'mode', 'precursorStart', 'outageAt', 'effect']);
    expect(new Date(failure.outageAt).toISOString()).toBe(failure.outageAt);
    const benign = lines.find((l) => l.type === 'benign')!;
    expect(Object.keys(benign)).toEqual(['type', 'device', 'kind', 'start', 'end', 'site']);
  });
});
