import { Inject, Injectable } from '@nestjs/common';
import type { TicketSummary } from '@preempt/contracts';
import type { Queryable } from '@preempt/storage';

import type { NotifierConfig } from '../config';
import { NotifierMetrics } from '../notifier.metrics';
import { NoticesRepository } from '../storage/notices.repository';
import { NOC_TENANT, type NoticeKind, type Subscription } from '../subscriptions/subscription';
import { type MaintenanceDetails, type NoticeValues, renderNotice } from '../templates';
import { NOTIFIER_CONFIG } from '../tokens';
import { isUrgent } from './notice-plan';
import { quietUntil } from './quiet-hours';

export interface NoticeRequest {
  /** what the notice comes from: unique per subscription (event:<id>, reminder:<m>:<offset>, ...) */
  source: string;
  kind: NoticeKind;
  tenant: string;
  ticket: TicketSummary | null;
  occurredAt: string;
  maintenance?: MaintenanceDetails | null;
  leadMs?: number;
  digest?: { ticket: TicketSummary; kind: NoticeKind }[];
  /** NOC detail (escalation, reason) */
  escalation?: { target: string; reason: string } | null;
  reason?: string | null;
}

/**
 * Renders a notice for one subscription and writes it with its delivery (the notifier's outbox), in the
 * caller's transaction; decides when it goes: now (urgent), after the quiet hours, or in a digest.
 */
@Injectable()
export class NoticeComposer {
  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly notices: NoticesRepository,
    private readonly metrics: NotifierMetrics,
  ) {}

  /** Returns the delivery id, or null when the subscription already had this notice (a redelivery). */
  async compose(
    tx: Queryable,
    subscription: Subscription,
    request: NoticeRequest,
    now: number,
  ): Promise<string | null> {
    const noc = subscription.tenant === NOC_TENANT;
    const timeZone = subscription.quietHours?.timeZone ?? 'UTC';
    const rendered = renderNotice({
      kind: request.kind,
      language: subscription.language,
      timeZone,
      ticket: request.ticket,
      maintenance: request.maintenance,
      leadMs: request.leadMs,
      digest: request.digest,
      internal: noc ? internalDetail(request) : null,
    });
    const urgent = request.kind !== 'digest' && isUrgent(request.kind, request.ticket);
    let dueAt = new Date(now);
    let heldUntil: Date | null = null;
    let status: 'pending' | 'batched' = 'pending';
    if (!urgent && subscription.quietHours) {
      heldUntil = quietUntil(now, subscription.quietHours);
      if (heldUntil) dueAt = heldUntil;
    }
    if (!urgent && request.kind !== 'digest') {
      const { windowMs, threshold } = this.config.digest;
      await this.notices.lockSubscription(tx, subscription.id);
      const recent = await this.notices.recentCount(tx, subscription.id, new Date(now - windowMs));
      if (recent >= threshold) {
        status = 'batched';
        const batch = (await this.notices.batchDue(tx, subscription.id)) ?? new Date(now + windowMs);
        dueAt = new Date(Math.max(batch.getTime(), dueAt.getTime()));
      }
    }
    const created = await this.notices.insertNotice(
      tx,
      {
        source: request.source,
        subscriptionId: subscription.id,
        tenant: subscription.tenant,
        ticketId: request.ticket?.id ?? null,
        kind: request.kind,
        language: subscription.language,
        subject: rendered.subject,
        body: rendered.text,
        payload: {
          type: `ticket.${request.kind}`,
          tenant: request.tenant,
          occurredAt: request.occurredAt,
          ticket: request.ticket ? customerTicket(request.ticket, request.maintenance ?? null, noc) : null,
          notice: { subject: rendered.subject, text: rendered.text },
          html: rendered.html,
        },
        urgent,
        channel: subscription.channel,
        dueAt,
        heldUntil,
        status,
      },
      new Date(now),
    );
    if (created) this.metrics.notice(request.kind, subscription.channel);
    return created?.deliveryId ?? null;
  }
}

/** What a webhook body says about the ticket: nothing internal (no scores, components, actors). */
function customerTicket(ticket: TicketSummary, maintenance: MaintenanceDetails | null, noc: boolean) {
  return {
    id: ticket.id,
    device: ticket.device,
    site: ticket.site,
    severity: ticket.severity,
    status: ticket.status,
    predictedBreachBand:
      ticket.predictedBreachBand ??
      (ticket.predictedBreachAt
        ? { earliest: ticket.predictedBreachAt, latest: ticket.predictedBreachAt }
        : null),
    maintenance: maintenance
      ? {
          start: maintenance.start,
          end: maintenance.end,
          impact: maintenance.impact,
          note: maintenance.note ?? null,
        }
      : null,
    ...(noc
      ? {
          tenant: ticket.tenant,
          failureMode: ticket.failureMode,
          recommendedAction: ticket.recommendedAction,
        }
      : {}),
  };
}

function internalDetail(request: NoticeRequest): NoticeValues['internal'] {
  return {
    tenant: request.tenant,
    ticketId: request.ticket?.id ?? '',
    failureMode: request.ticket?.failureMode ?? '',
    recommendedAction: request.ticket?.recommendedAction ?? null,
    escalation: request.escalation ?? null,
    reason: request.reason ?? null,
  };
}
