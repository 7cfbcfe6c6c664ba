import { InvalidRequestError } from '@preempt/common';

import type {
  AttemptRecord,
  DeliveryRecord,
  DeliveryStatus,
  NoticeRecord,
} from '../storage/notices.repository';

const STATUSES: DeliveryStatus[] = [
  'pending',
  'sending',
  'delivered',
  'failed',
  'batched',
  'digested',
  'cancelled',
];

export interface NoticeListQuery {
  tenant?: string;
  status?: DeliveryStatus;
  ticket?: string;
  limit: number;
  before?: number;
}

export interface NoticeDto {
  id: string;
  tenant: string;
  ticketId: string | null;
  kind: string;
  subscriptionId: string;
  subject: string;
  text: string;
  urgent: boolean;
  createdAt: string;
  delivery: Omit<DeliveryRecord, 'noticeId' | 'subscriptionId' | 'ticketId' | 'attempts'> & {
    attempts: AttemptRecord[];
  };
}

/** Query of GET /api/v1/notices: tenant, status, ticket, limit (1-500, 50), cursor. */
export function toNoticeListQuery(query: Record<string, unknown>): NoticeListQuery {
  for (const key of Object.keys(query))
    if (!['tenant', 'status', 'ticket', 'limit', 'cursor'].includes(key))
      throw new InvalidRequestError(`unknown query parameter "${key}"`, key);
  const result: NoticeListQuery = { limit: 50 };
  if (query.tenant !== undefined) result.tenant = String(query.tenant);
  if (query.ticket !== undefined) result.ticket = String(query.ticket);
  if (query.status !== undefined) {
    if (!STATUSES.includes(query.status as DeliveryStatus))
      throw new InvalidRequestError(`"status" must be one of ${STATUSES.join(', ')}`, 'status');
    result.status = query.status as DeliveryStatus;
  }
  if (query.limit !== undefined) {
    const limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new InvalidRequestError('"limit" must be an integer from 1 to 500', 'limit');
    result.limit = limit;
  }
  if (query.cursor !== undefined) {
    const before = Number(query.cursor);
    if (!Number.isSafeInteger(before) || before < 1)
      throw new InvalidRequestError('"cursor" is not a cursor of this list', 'cursor');
    result.before = before;
  }
  return result;
}

export function toNoticeDto(
  notice: NoticeRecord,
  delivery: DeliveryRecord,
  attempts: AttemptRecord[],
): NoticeDto {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { noticeId, subscriptionId, ticketId, attempts: count, ...rest } = delivery;
  return {
    id: notice.id,
    tenant: notice.tenant,
    ticketId: notice.ticketId,
    kind: notice.kind,
    subscriptionId: notice.subscriptionId,
    subject: notice.subject,
    text: notice.body,
    urgent: notice.urgent,
    createdAt: notice.createdAt,
    delivery: { ...rest, attempts },
  };
}
