import type { DetectionEvent } from '@preempt/contracts';

// The detector's pure engine (helper R's apps/detector) feeds the correlation rules: issue 4's must-show 1
// at the rules level, without I/O (the integration/system test repeats it through Mosquitto and PostgreSQL).
import { MetricCatalog } from '../../../detector/src/catalog/metric-catalog';
import { DetectionEngine } from '../../../detector/src/detection/detection.engine';
import {
  DAY,
  gaussian,
  HOUR,
  MINUTE,
  rng,
  temperatureScenario,
} from '../../../detector/src/detection/scenario.fixture';
import { CorrelationDriver } from '../../test/correlation.factory';

const t0 = Date.UTC(2026, 0, 5);

describe('must-show: detector events -> tickets', () => {
  it('a temperature drift 50 -> 85 °C over 24 h gets exactly one ticket, early, whose band contains the crossing', () => {
    const driftStart = t0 + 3 * DAY;
    const scenario = temperatureScenario({ t0, driftStart });
    const crossing = scenario.crossing(85, driftStart + 2 * DAY)!;
    const engine = new DetectionEngine(new MetricCatalog());
    const driver = new CorrelationDriver();
    const random = rng(7);
    for (let t = t0; t < crossing + 6 * HOUR; t += MINUTE) {
      const value = scenario.signal(t) + 0.5 * gaussian(random);
      driver.apply(...engine.process('acme', 'hot-1', [['temperature', t, value]]));
    }
    const tickets = driver.all();
    expect(tickets).toHaveLength(1);
    const [ticket] = tickets;
    expect(ticket.failureMode).toBe('overheating');
    expect(crossing - ticket.detectedAt).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(ticket.detectedAt).toBeGreaterThan(driftStart);
    expect(ticket.predictedBreach).not.toBeNull();
    expect(ticket.predictedBreach!.earliest).toBeLessThanOrEqual(crossing);
    expect(ticket.predictedBreach!.latest).toBeGreaterThanOrEqual(crossing);
    expect(ticket.severity).toBe('critical');
    expect(Math.abs(ticket.evidence[0].breachedAt! - crossing)).toBeLessThan(30 * MINUTE);
  });

  it('50 devices with only noise and a daily cycle over 7 days get no ticket', () => {
    const engine = new DetectionEngine(new MetricCatalog());
    const driver = new CorrelationDriver();
    const random = rng(11);
    const devices = Array.from({ length: 50 }, (_, i) => ({
      id: `quiet-${i}`,
      scenario: temperatureScenario({ t0, base: 40 + (i % 10), amplitude: 2 + (i % 4), phaseHours: i % 24 }),
    }));
    const seen: DetectionEvent[] = [];
    for (let t = t0; t < t0 + 7 * DAY; t += MINUTE) {
      for (const device of devices) {
        const events = engine.process('acme', device.id, [
          ['temperature', t, device.scenario.signal(t) + 0.5 * gaussian(random)],
        ]);
        if (events.length > 0) {
          seen.push(...events);
          driver.apply(...events);
        }
      }
    }
    expect(driver.all()).toEqual([]);
    // the rules had something to filter: isolated detector events do occur on healthy devices
    expect(seen.length).toBeGreaterThan(100);
  });
});
