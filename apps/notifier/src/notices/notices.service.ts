import { Inject, Injectable } from '@nestjs/common';
import { canSeeTenant, type Principal } from '@preempt/access';
import { InvalidRequestError, NotFoundError } from '@preempt/common';

import { DeliveryWorker } from '../delivery/delivery.worker';
import { NoticesRepository } from '../storage/notices.repository';
import { NOTICE_KINDS, type NoticeKind } from '../subscriptions/subscription';
import { isTimeZone } from '../subscriptions/subscriptions.dto';
import { LANGUAGES, type RenderedNotice, renderNotice } from '../templates';
import { type Clock, NOTIFIER_CLOCK } from '../tokens';
import { type NoticeDto, type NoticeListQuery, toNoticeDto } from './notices.dto';

/** Reads of notices and deliveries, the NOC's retry, and previews. */
@Injectable()
export class NoticesService {
  constructor(
    @Inject(NOTIFIER_CLOCK) private readonly clock: Clock,
    private readonly notices: NoticesRepository,
    private readonly worker: DeliveryWorker,
  ) {}

  async list(
    principal: Principal,
    query: NoticeListQuery,
  ): Promise<{ items: NoticeDto[]; nextCursor: string | null }> {
    if (principal.tenant !== null) {
      if (query.tenant !== undefined && query.tenant !== principal.tenant)
        return { items: [], nextCursor: null };
      query.tenant = principal.tenant;
    }
    const rows = await this.notices.list(query);
    const attempts = await this.notices.attempts(rows.map((r) => r.delivery.id));
    const items = rows.map((r) => toNoticeDto(r.notice, r.delivery, attempts.get(r.delivery.id) ?? []));
    const last = rows.at(-1);
    return { items, nextCursor: rows.length === query.limit && last ? String(last.notice.seq) : null };
  }

  /** A failed (or cancelled) delivery goes again now, with the same delivery id. */
  async retry(deliveryId: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(deliveryId)) throw new NotFoundError(`No delivery ${deliveryId}`);
    const delivery = await this.notices.delivery(deliveryId);
    if (!delivery) throw new NotFoundError(`No delivery ${deliveryId}`);
    if (!(await this.notices.retry(deliveryId, new Date(this.clock.now()))))
      throw new InvalidRequestError(
        `Delivery ${deliveryId} is ${delivery.status}: only a failed delivery can be retried`,
        'id',
      );
    this.worker.wake();
  }

  /**
   * What a customer reads for the ticket's latest state (the last lifecycle message the notifier stored,
   * with its maintenance), rendered exactly as a notice would be for that language and time zone.
   */
  async preview(
    principal: Principal,
    ticketId: string,
    query: Record<string, unknown>,
  ): Promise<RenderedNotice & { kind: NoticeKind; language: string; timeZone: string }> {
    const kind = (query.event ?? 'opened') as NoticeKind;
    if (!NOTICE_KINDS.includes(kind))
      throw new InvalidRequestError(`"event" must be one of ${NOTICE_KINDS.join(', ')}`, 'event');
    const language = String(query.language ?? 'en');
    if (!LANGUAGES.includes(language))
      throw new InvalidRequestError(`"language" must be one of ${LANGUAGES.join(', ')}`, 'language');
    const timeZone = String(query.timeZone ?? 'UTC');
    if (!isTimeZone(timeZone))
      throw new InvalidRequestError('"timeZone" must be an IANA time zone', 'timeZone');
    const state = await this.notices.ticketState(ticketId);
    if (!state || state.lastEventId === 0 || !canSeeTenant(principal, state.tenant))
      throw new NotFoundError(`No notice history for ticket ${ticketId}`);
    const leadMs = query.leadMs !== undefined ? Number(query.leadMs) : undefined;
    return {
      kind,
      language,
      timeZone,
      ...renderNotice({
        kind,
        language,
        timeZone,
        ticket: state.message.ticket,
        maintenance: state.maintenance,
        leadMs,
      }),
    };
  }
}
