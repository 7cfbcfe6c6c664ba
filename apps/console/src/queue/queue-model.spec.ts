import type { TicketEventDto, TicketResponseDto } from '../api/api-types.generated';
import {
  applyEvent,
  compareRows,
  DEFAULT_FILTERS,
  matchesFilters,
  mergeList,
  type QueueRow,
} from './queue-model';

const row = (overrides: Partial<QueueRow> = {}): QueueRow => ({
  id: 'a',
  tenant: 'acme',
  device: 'rtr-01',
  failureMode: 'overheating',
  severity: 'major',
  status: 'open',
  assignee: null,
  version: 1,
  updatedAt: '2026-12-01T10:00:00.000Z',
  predictedBreachAt: null,
  resolution: null,
  deviceSilentSince: null,
  site: null,
  predictedBreachBand: null,
  recommendedAction: null,
  ...overrides,
});

const event = (ticket: QueueRow, type: TicketEventDto['type'] = 'TicketUpdated'): TicketEventDto => ({
  id: 1,
  type,
  at: '2026-12-01T11:00:00.000Z',
  actor: 'system',
  comment: null,
  details: null,
  ticket,
});

describe('queue model', () => {
  it('sorts the soonest predicted breach first, tickets without one last, then by severity', () => {
    const rows = [
      row({ id: 'none-critical', severity: 'critical' }),
      row({ id: 'late', predictedBreachAt: '2026-12-03T00:00:00.000Z' }),
      row({ id: 'soon-minor', severity: 'minor', predictedBreachAt: '2026-12-02T00:00:00.000Z' }),
      row({ id: 'soon-critical', severity: 'critical', predictedBreachAt: '2026-12-02T00:00:00.000Z' }),
      row({ id: 'none-minor', severity: 'minor' }),
    ];
    expect(rows.sort(compareRows('breach')).map((r) => r.id)).toEqual([
      'soon-critical',
      'soon-minor',
      'late',
      'none-critical',
      'none-minor',
    ]);
  });

  it('filters as the API does: active hides resolved, "none" is unassigned', () => {
    expect(matchesFilters(row({ status: 'resolved' }), DEFAULT_FILTERS)).toBe(false);
    expect(matchesFilters(row({ status: 'acknowledged' }), DEFAULT_FILTERS)).toBe(true);
    expect(matchesFilters(row({ assignee: 'alice' }), { ...DEFAULT_FILTERS, assignee: 'none' })).toBe(false);
    expect(matchesFilters(row(), { ...DEFAULT_FILTERS, assignee: 'none' })).toBe(true);
    expect(matchesFilters(row(), { ...DEFAULT_FILTERS, tenant: 'globex' })).toBe(false);
    expect(matchesFilters(row({ severity: 'minor' }), { ...DEFAULT_FILTERS, severity: 'critical' })).toBe(
      false,
    );
  });

  it('adds a ticket opened live and never takes a row back to an older version', () => {
    const opened = applyEvent(new Map(), event(row({ version: 1 }), 'TicketOpened'));
    expect(opened.get('a')).toMatchObject({ version: 1, openedAt: '2026-12-01T11:00:00.000Z' });
    const acknowledged = applyEvent(opened, event(row({ version: 2, status: 'acknowledged' })));
    expect(acknowledged.get('a')?.status).toBe('acknowledged');
    const stale = applyEvent(acknowledged, event(row({ version: 1, status: 'open' })));
    expect(stale.get('a')?.status).toBe('acknowledged');
  });

  it('keeps a live event newer than the list answer that raced it', () => {
    const live = new Map([['a', row({ version: 3, status: 'acknowledged' })]]);
    const listed = { ...row({ version: 2 }), openedAt: '2026-12-01T09:00:00.000Z' } as TicketResponseDto;
    const merged = mergeList(live, [listed]);
    expect(merged.get('a')).toMatchObject({
      version: 3,
      status: 'acknowledged',
      openedAt: '2026-12-01T09:00:00.000Z',
    });
  });
});
