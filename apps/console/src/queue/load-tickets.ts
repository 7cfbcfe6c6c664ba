import type { TicketResponseDto, TicketStatus } from '../api/api-types.generated';
import type { Api } from '../api/client';
import type { QueueFilters } from './queue-model';

/**
 * The tickets the filters ask for, in one round trip: `active` is open and acknowledged, asked for in
 * parallel (the API filters one status at a time), never one request waiting for another.
 */
export async function loadTickets(
  api: Api,
  filters: QueueFilters,
): Promise<{ items: TicketResponseDto[]; total: number }> {
  const statuses: (TicketStatus | undefined)[] =
    filters.status === 'active'
      ? ['open', 'acknowledged']
      : [filters.status === 'all' ? undefined : filters.status];
  const pages = await Promise.all(
    statuses.map((status) =>
      api.tickets({
        status,
        severity: filters.severity || undefined,
        tenant: filters.tenant.trim() || undefined,
        device: filters.device.trim() || undefined,
        assignee: filters.assignee.trim() || undefined,
      }),
    ),
  );
  // `total` counts every match; one page holds PAGE_LIMIT per status (the soonest breaches: the API's order)
  return {
    items: pages.flatMap((page) => page.items),
    total: pages.reduce((sum, page) => sum + page.total, 0),
  };
}
