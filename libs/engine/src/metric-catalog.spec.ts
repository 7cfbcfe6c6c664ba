import { parseTelemetryMessage } from '@preempt/contracts';

import { DEFAULT_METRIC_CATALOG } from './default-catalog';
import { DetectionEngine } from './detection.engine';
import { MetricCatalog } from './metric-catalog';

const T0 = Date.UTC(2026, 0, 5);
const FIVE_MIN = 5 * 60_000;

describe('MetricCatalog aliases', () => {
  const catalog = new MetricCatalog();

  it('looks an entry up by a gNMI path alias, as the metric gnmic telemetry gets from that path', () => {
    const payload = JSON.stringify({
      timestamp: T0 * 1e6,
      values: { '/components/component[name=CPU0]/state/temperature/instant': 71.5 },
    });
    const result = parseTelemetryMessage('telemetry/acme/r1', new TextEncoder().encode(payload), T0);
    const metric = result.ok ? result.points[0].metric : '';
    expect(metric).toBe('components.component.temperature.instant');
    expect(catalog.lookup(metric)).toBe(DEFAULT_METRIC_CATALOG[0]);
    expect(catalog.lookup(metric)).toMatchObject({
      metric: 'temperature',
      critical: 85,
      failureMode: 'overheating',
    });
  });

  it('looks an entry up by a metric-name alias, an exact entry still winning', () => {
    const custom = new MetricCatalog([
      { ...DEFAULT_METRIC_CATALOG[0], aliases: ['chassis_temp'] },
      { ...DEFAULT_METRIC_CATALOG[0], metric: 'chassis_temp', failureMode: 'chassis_overheating' },
    ]);
    expect(custom.lookup('chassis_temp')?.failureMode).toBe('chassis_overheating');
    expect(
      new MetricCatalog([{ ...DEFAULT_METRIC_CATALOG[0], aliases: ['chassis_temp'] }]).lookup(
        'env.chassis_temp',
      )?.metric,
    ).toBe('temperature');
  });

  it('an alias reaches the catalog failure mode in detection events', () => {
    // The series of the engine spec that ends in a range anomaly, under an alias and under an unknown name.
    const failureModes = (metric: string) => {
      const engine = new DetectionEngine(new MetricCatalog());
      let state = 6;
      const r = () => (state = (state * 16807) % 2147483647) / 2147483647;
      const value = (i: number) => 50 + r() + (i % 50 === 0 ? 100 + 100 * r() : 0);
      for (let i = 0; i < 2000; i++) engine.process('acme', 'r1', [[metric, T0 + i * FIVE_MIN, value(i)]]);
      return engine.process('acme', 'r1', [[metric, T0 + 2000 * FIVE_MIN, 400]]).map((e) => e.failureMode);
    };
    const viaAlias = failureModes('components.component.temperature.instant');
    expect(viaAlias.length).toBeGreaterThan(0);
    expect(new Set(viaAlias)).toEqual(new Set(['overheating']));
    expect(new Set(failureModes('components.component.temperature.average'))).toEqual(new Set(['anomaly']));
  });
});
