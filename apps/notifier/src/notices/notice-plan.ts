import type { TicketLifecycleMessage, TicketSummary } from '@preempt/contracts';

import { NOC_TENANT, type NoticeKind, severityRank, type Subscription } from '../subscriptions/subscription';

/** Kinds that announce a problem: the subscription's minimum severity applies, no earlier notice needed. */
const ANNOUNCING: readonly NoticeKind[] = ['opened', 'severity-raised', 'outage-suspected', 'renotified'];
/** Work on the customer's equipment: announced whatever the severity. */
const MAINTENANCE: readonly NoticeKind[] = [
  'maintenance-scheduled',
  'maintenance-rescheduled',
  'maintenance-cancelled',
  'maintenance-reminder',
  'maintenance-completed',
];
/** What the NOC's own subscriptions (tenant _noc) hear about. */
const NOC_KINDS: readonly NoticeKind[] = [
  'opened',
  'severity-raised',
  'escalated',
  'outage-suspected',
  'acknowledged',
  'resolved',
  'withdrawn',
  'retired',
  'subscription-disabled',
];

/** The customer-facing kind of a lifecycle event; null: customers are not told. */
export function customerKind(
  message: TicketLifecycleMessage,
  previous: TicketSummary | null,
): NoticeKind | null {
  switch (message.type) {
    case 'TicketOpened':
    case 'TicketReopened':
      return 'opened';
    case 'TicketUpdated':
      return previous && severityRank(message.ticket.severity) > severityRank(previous.severity)
        ? 'severity-raised'
        : null;
    case 'TicketAcknowledged':
      return 'acknowledged';
    case 'TicketAssigned':
      return message.ticket.assignee !== null ? 'assigned' : null;
    case 'TicketResolved':
      if (message.details?.falsePositive === true || message.ticket.resolution === 'false_positive')
        return 'withdrawn';
      // the device was taken out of service: not "behaving normally again"
      return message.details?.retired === true ? 'retired' : 'resolved';
    case 'OutageSuspected':
      return 'outage-suspected';
    case 'TicketRenotified':
      return 'renotified';
    case 'MaintenanceScheduled':
      return 'maintenance-scheduled';
    case 'MaintenanceRescheduled':
      return 'maintenance-rescheduled';
    case 'MaintenanceCancelled':
      return 'maintenance-cancelled';
    case 'MaintenanceCompleted':
      return 'maintenance-completed';
    case 'TicketEscalated':
      return 'escalated';
    case 'TicketCommented':
    case 'TicketAcknowledgementExpired':
      return null;
  }
}

/** Critical tickets and suspected outages go through quiet hours and digests at once. */
export function isUrgent(kind: NoticeKind, ticket: TicketSummary | null): boolean {
  return kind === 'outage-suspected' || kind === 'escalated' || ticket?.severity === 'critical';
}

export function isSilenced(message: TicketLifecycleMessage): boolean {
  const silencedBy = message.details?.silencedBy;
  return Array.isArray(silencedBy) && silencedBy.length > 0;
}

export interface PlannedNotice {
  subscription: Subscription;
  kind: NoticeKind;
}

/**
 * Which subscriptions get which notice of one kind about a ticket. `toldBefore`: the subscriptions that
 * already had a notice about this ticket (follow-ups go to them only; an announcement to a subscription
 * never told becomes `opened`). `escalationTarget`: whom an `escalated` notice pages (the policy step's
 * target); a NOC subscription limited to other targets does not get it.
 */
export function planNotices(
  kind: NoticeKind,
  ticket: TicketSummary,
  subscriptions: readonly Subscription[],
  toldBefore: ReadonlySet<string>,
  escalationTarget: string | null = null,
): PlannedNotice[] {
  const planned: PlannedNotice[] = [];
  for (const subscription of subscriptions) {
    const noc = subscription.tenant === NOC_TENANT;
    if (!noc && subscription.tenant !== ticket.tenant) continue;
    if (noc ? !NOC_KINDS.includes(kind) : kind === 'escalated' || kind === 'subscription-disabled') continue;
    const told = toldBefore.has(subscription.id);
    let effective = kind;
    if (kind === 'severity-raised' && !told) effective = 'opened';
    if (kind === 'renotified' && !told) effective = 'opened';
    if (
      !ANNOUNCING.includes(effective) &&
      !MAINTENANCE.includes(effective) &&
      effective !== 'escalated' &&
      !told
    )
      continue;
    if (noc && (effective === 'opened' || effective === 'severity-raised') && ticket.severity !== 'critical')
      continue;
    if (
      ANNOUNCING.includes(effective) &&
      severityRank(ticket.severity) < severityRank(subscription.minSeverity)
    )
      continue;
    if (subscription.events && !subscription.events.includes(effective)) continue;
    if (
      effective === 'escalated' &&
      subscription.escalationTargets &&
      (escalationTarget === null || !subscription.escalationTargets.includes(escalationTarget))
    )
      continue;
    if (subscription.devices && !subscription.devices.includes(ticket.device)) continue;
    if (subscription.sites && (ticket.site === null || !subscription.sites.includes(ticket.site))) continue;
    if (subscription.channel === 'pagerduty' && pagerDutyAction(effective) === null) continue;
    planned.push({ subscription, kind: effective });
  }
  return planned;
}

/** PagerDuty Events v2 action of a notice kind; null: not sent to PagerDuty. */
export function pagerDutyAction(kind: NoticeKind): 'trigger' | 'acknowledge' | 'resolve' | null {
  switch (kind) {
    case 'opened':
    case 'severity-raised':
    case 'outage-suspected':
    case 'escalated':
    case 'renotified':
      return 'trigger';
    case 'acknowledged':
    case 'assigned':
      return 'acknowledge';
    case 'resolved':
    case 'withdrawn':
    case 'retired':
      return 'resolve';
    case 'maintenance-scheduled':
    case 'maintenance-rescheduled':
    case 'maintenance-cancelled':
    case 'maintenance-reminder':
    case 'maintenance-completed':
    case 'subscription-disabled':
    case 'digest':
      return null;
  }
}
