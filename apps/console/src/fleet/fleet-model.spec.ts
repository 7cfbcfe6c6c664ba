import type { QueueRow } from '../queue/queue-model';
import { devicesByBreach } from './fleet-model';

const row = (
  device: string,
  severity: QueueRow['severity'],
  predictedBreachAt: string | null,
  failureMode = 'overheating',
): QueueRow => ({
  id: `${device}-${failureMode}`,
  tenant: 'acme',
  device,
  failureMode,
  severity,
  status: 'open',
  assignee: null,
  version: 1,
  updatedAt: '2026-12-01T10:00:00.000Z',
  predictedBreachAt,
  resolution: null,
  deviceSilentSince: null,
  site: null,
  predictedBreachBand: null,
  recommendedAction: null,
});

describe('devices by predicted time to breach', () => {
  it('orders devices by their soonest breach, one line per device with its worst severity', () => {
    const devices = devicesByBreach([
      row('a', 'minor', '2026-12-03T00:00:00.000Z'),
      row('b', 'critical', null),
      row('c', 'minor', '2026-12-04T00:00:00.000Z'),
      row('c', 'major', '2026-12-02T00:00:00.000Z', 'fan_failure'),
    ]);
    expect(devices.map((d) => d.device)).toEqual(['c', 'a', 'b']);
    expect(devices[0]).toMatchObject({ severity: 'major', failureModes: ['overheating', 'fan_failure'] });
    expect(devices[0].predictedBreachAt).toBe(Date.parse('2026-12-02T00:00:00.000Z'));
  });
});
