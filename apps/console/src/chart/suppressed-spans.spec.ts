import type { MaintenanceWindowDto, SuppressedEvidenceDto } from '../api/api-types.generated';
import { suppressedSpans } from './suppressed-spans';

const MINUTE = 60_000;
const T = Date.UTC(2026, 11, 1, 12);
const iso = (t: number) => new Date(t).toISOString();

const window = (overrides: Partial<MaintenanceWindowDto> = {}): MaintenanceWindowDto => ({
  id: 'w1',
  tenant: 'acme',
  devices: ['rtr-01'],
  site: null,
  start: '2026-12-01T13:00',
  durationMinutes: 60,
  timeZone: 'UTC',
  rrule: null,
  comment: 'swap',
  createdBy: 'noc',
  createdAt: iso(T),
  updatedAt: iso(T),
  version: 1,
  active: false,
  currentOccurrence: null,
  nextOccurrence: { start: iso(T + 60 * MINUTE), end: iso(T + 120 * MINUTE) },
  ...overrides,
});

const suppressed = (at: number, device = 'rtr-01', windowId = 'w1'): SuppressedEvidenceDto => ({
  id: at,
  tenant: 'acme',
  device,
  windowId,
  eventId: `e${at}`,
  type: 'anomaly',
  metric: 'temperature',
  failureMode: 'overheating',
  at: iso(at),
  score: 0.9,
  recordedAt: iso(at),
});

describe('suppressed spans', () => {
  it("joins a window's suppressed points into runs and adds the windows covering the device", () => {
    const spans = suppressedSpans(
      [
        suppressed(T - 300 * MINUTE),
        suppressed(T - 280 * MINUTE),
        suppressed(T - 100 * MINUTE),
        suppressed(T, 'other'),
      ],
      [window()],
      'rtr-01',
      T - 600 * MINUTE,
      T + 90 * MINUTE,
    );
    expect(spans).toEqual([
      { from: T - 300 * MINUTE, to: T - 280 * MINUTE },
      { from: T - 102.5 * MINUTE, to: T - 97.5 * MINUTE },
      { from: T + 60 * MINUTE, to: T + 90 * MINUTE },
    ]);
  });

  it("merges what overlaps: an active window's current occurrence is also its next", () => {
    const occurrence = { start: iso(T - 60 * MINUTE), end: iso(T + 60 * MINUTE) };
    const active = window({ active: true, currentOccurrence: occurrence, nextOccurrence: occurrence });
    expect(
      suppressedSpans([suppressed(T - 30 * MINUTE)], [active], 'rtr-01', T - 600 * MINUTE, T + 600 * MINUTE),
    ).toEqual([{ from: T - 60 * MINUTE, to: T + 60 * MINUTE }]);
  });

  it('leaves out windows of other devices and site-scoped ones', () => {
    const windows = [window({ devices: ['rtr-02'] }), window({ devices: null, site: 'lyon-1' })];
    expect(suppressedSpans([], windows, 'rtr-01', T, T + 600 * MINUTE)).toEqual([]);
    expect(suppressedSpans([], [window({ devices: null })], 'rtr-01', T, T + 600 * MINUTE)).toHaveLength(1);
  });
});
