import { MetricsRegistry } from '@preempt/common';
import type { TelemetryStore } from '@preempt/storage';

import { IngestMetrics } from './ingest.metrics';

describe('IngestMetrics', () => {
  const store = {
    stats: () => ({ pointsWritten: 0, pointsFailed: 0, pointsShed: 0, pointsPending: 0, writeErrors: 0 }),
  } as unknown as TelemetryStore;

  it('counts skipped fields per reason, exported from 0', async () => {
    const registry = new MetricsRegistry();
    const metrics = new IngestMetrics(registry, store);
    const read = async () =>
      (await registry.registry.getSingleMetric('preempt_ingest_fields_skipped_total')?.get())?.values;

    expect(await read()).toEqual([{ labels: { reason: 'string_field' }, value: 0 }]);
    metrics.accepted('line-protocol', 7, { string_field: 5 });
    metrics.accepted('line-protocol', 1);
    metrics.accepted('json', 1, { string_field: 2 });
    expect(await read()).toEqual([{ labels: { reason: 'string_field' }, value: 7 }]);
  });
});
