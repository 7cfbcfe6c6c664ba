import { type DetectionEvent, type FeedbackRule } from '@preempt/contracts';

import { DEFAULT_METRIC_CATALOG } from './default-catalog';
import { FeedbackFilter } from './feedback-filter';
import { MetricCatalog } from './metric-catalog';

const T0 = Date.UTC(2026, 0, 5);
const catalog = new MetricCatalog([...DEFAULT_METRIC_CATALOG]);
const temperature = catalog.lookup('temperature')!;

const rule: FeedbackRule = {
  id: 'f1',
  tenant: 'acme',
  device: 'r1',
  failureMode: temperature.failureMode,
  metrics: ['temperature'],
  createdAt: T0,
  expiresAt: T0 + 7 * 86_400_000,
};

function event(
  over: Partial<DetectionEvent> & { observed?: number; metric?: string; at?: number } = {},
): DetectionEvent {
  const metric = over.metric ?? 'temperature';
  return {
    id: 'e',
    type: over.type ?? 'forecast',
    tenant: over.tenant ?? 'acme',
    device: over.device ?? 'r1',
    failureMode: over.failureMode ?? temperature.failureMode,
    recommendedAction: null,
    evidence: {
      metric,
      at: over.at ?? T0 + 1000,
      observed: over.observed ?? temperature.warning - 5,
      expected: 50,
      band: { lower: 40, upper: 60 },
      score: 0.9,
      component: 'trend',
      forecast: null,
    },
  };
}

describe('FeedbackFilter', () => {
  const filter = FeedbackFilter.from([rule]);
  const withholds = (e: DetectionEvent) => filter.withholds(e, catalog.lookup(e.evidence.metric));

  it('withholds the covered series’ anomalies and forecasts inside the warning limit', () => {
    expect(withholds(event())).toBe(rule);
    expect(withholds(event({ type: 'anomaly' }))).toBe(rule);
  });

  it('lets through a value beyond the warning limit, recoveries, other devices, metrics and failure modes', () => {
    expect(withholds(event({ observed: temperature.warning + 1 }))).toBeNull();
    expect(withholds(event({ type: 'recovered' }))).toBeNull();
    expect(withholds(event({ device: 'r2' }))).toBeNull();
    expect(withholds(event({ tenant: 'other' }))).toBeNull();
    expect(withholds(event({ metric: 'fan_speed' }))).toBeNull();
    expect(withholds(event({ failureMode: 'something_else' }))).toBeNull();
  });

  it('ends at expiresAt; the empty filter withholds nothing', () => {
    expect(withholds(event({ at: rule.expiresAt }))).toBeNull();
    expect(FeedbackFilter.EMPTY.withholds(event(), temperature)).toBeNull();
  });

  it('withholds a metric without limits whatever its value', () => {
    const custom = FeedbackFilter.from([{ ...rule, metrics: ['queue_depth'], failureMode: 'anomaly' }]);
    expect(
      custom.withholds(event({ metric: 'queue_depth', failureMode: 'anomaly', observed: 1e9 }), undefined),
    ).not.toBeNull();
  });
});
