import { DetectionEngine, MetricCatalog } from '@preempt/engine';
import { CorrelationDriver } from '../../apps/tickets/src';
import { planFleet } from '../../simulators/fleet/fleet-plan';
import { fleetDevices } from '../../simulators/fleet/fleet-stream';
import { DAY, MINUTE } from '../../simulators/src/device-simulator';
const [id, startIso] = process.argv.slice(2);
const intervalMs = 5 * MINUTE;
const start = Date.parse(startIso);
const plan = planFleet({ devices: 200, seed: 2026, start, durationMs: 14 * DAY, intervalMs, scenario: 'realistic' });
const device = fleetDevices(plan).find((d) => d.id === id)!;
const engine = new DetectionEngine(new MetricCatalog());
const rules = new CorrelationDriver();
for (let t = start; t < start + 14 * DAY; t += intervalMs) {
  const s = device.sample(t);
  if (!s) continue;
  const events = engine.process('x', id, Object.entries(s).map(([m, v]) => [m, t, v] as const));
  for (const e of events) {
    if (e.type === 'forecast' || e.type === 'recovered') console.log(new Date(t).toISOString().slice(5, 16), e.type, e.evidence.metric, e.failureMode);
    const before = rules.outcomes.length;
    rules.apply(e);
    for (const o of rules.outcomes.slice(before)) for (const c of o.changes) if (c.kind !== 'updated') console.log('   TICKET', c.kind, c.ticket.failureMode, c.ticket.evidence.map((x) => x.metric).join(','));
  }
}
