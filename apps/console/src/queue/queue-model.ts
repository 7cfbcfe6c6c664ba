import type {
  Severity,
  TicketEventDto,
  TicketResponseDto,
  TicketStatus,
  TicketSummaryDto,
} from '../api/api-types.generated';

/** A queue row: what a lifecycle event tells about a ticket, and more when the list gave it. */
export type QueueRow = TicketSummaryDto & Partial<Pick<TicketResponseDto, 'openedAt' | 'recommendedAction'>>;

/** `active` = open or acknowledged (two requests in parallel: the API filters one status at a time). */
export type StatusFilter = TicketStatus | 'active' | 'all';
export type SortKey = 'breach' | 'severity' | 'updated';

export interface QueueFilters {
  status: StatusFilter;
  severity: Severity | '';
  tenant: string;
  device: string;
  /** a name, or `none` for the unassigned */
  assignee: string;
}

export const DEFAULT_FILTERS: QueueFilters = {
  status: 'active',
  severity: '',
  tenant: '',
  device: '',
  assignee: '',
};

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, major: 1, minor: 2 };

/** Whether a row passes the filters (the same rules as the API's, for rows that arrive live). */
export function matchesFilters(row: QueueRow, filters: QueueFilters): boolean {
  if (
    filters.status === 'active'
      ? row.status === 'resolved'
      : filters.status !== 'all' && row.status !== filters.status
  )
    return false;
  if (filters.severity && row.severity !== filters.severity) return false;
  if (filters.tenant && row.tenant !== filters.tenant) return false;
  if (filters.device && row.device !== filters.device) return false;
  const assignee = filters.assignee.trim();
  if (assignee === 'none') return row.assignee === null;
  if (assignee && row.assignee !== assignee) return false;
  return true;
}

const time = (iso: string | null): number => (iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso));

/**
 * The queue's order. `breach` (the default): the earliest predicted breach first, tickets without one
 * after them; ties by severity, then the latest change first.
 */
export function compareRows(sort: SortKey): (a: QueueRow, b: QueueRow) => number {
  const bySeverity = (a: QueueRow, b: QueueRow) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  const byUpdate = (a: QueueRow, b: QueueRow) => time(b.updatedAt) - time(a.updatedAt);
  const byBreach = (a: QueueRow, b: QueueRow) => {
    const x = time(a.predictedBreachAt);
    const y = time(b.predictedBreachAt);
    return x === y ? 0 : x < y ? -1 : 1;
  };
  switch (sort) {
    case 'breach':
      return (a, b) => byBreach(a, b) || bySeverity(a, b) || byUpdate(a, b);
    case 'severity':
      return (a, b) => bySeverity(a, b) || byBreach(a, b) || byUpdate(a, b);
    case 'updated':
      return (a, b) => byUpdate(a, b) || byBreach(a, b);
  }
}

/**
 * Applies a lifecycle event to the rows: the newer version wins, so an event that raced the list request
 * (or arrived twice after a reconnect) never takes a row back to an older state.
 */
export function applyEvent(
  rows: ReadonlyMap<string, QueueRow>,
  event: TicketEventDto,
): Map<string, QueueRow> {
  const next = new Map(rows);
  const current = rows.get(event.ticket.id);
  if (current && current.version >= event.ticket.version) return next;
  next.set(event.ticket.id, {
    ...current,
    ...event.ticket,
    openedAt: current?.openedAt ?? (event.type === 'TicketOpened' ? event.at : undefined),
  });
  return next;
}

/** Merges a list answer into rows already updated by live events (again, the newer version wins). */
export function mergeList(
  rows: ReadonlyMap<string, QueueRow>,
  items: readonly TicketResponseDto[],
): Map<string, QueueRow> {
  const next = new Map<string, QueueRow>();
  for (const item of items) {
    const live = rows.get(item.id);
    next.set(item.id, live && live.version > item.version ? { ...item, ...live } : item);
  }
  // rows the live stream added while the list was on its way
  for (const [id, row] of rows) if (!next.has(id)) next.set(id, row);
  return next;
}
