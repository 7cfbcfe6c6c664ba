/** What a subscription is (stored in `notifier_subscriptions`). */

export const CHANNELS = ['webhook', 'email', 'mqtt', 'pagerduty'] as const;
export type NoticeChannel = (typeof CHANNELS)[number];

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The tenant whose subscriptions are the NOC's own on-call (internal detail, escalations). */
export { NOC_TENANT } from '@preempt/contracts';

/**
 * The kinds of notice, one template each (templates/<language>/<kind>.ts); `events` filters on them and the
 * webhook `type` is `ticket.<kind>`.
 */
export const NOTICE_KINDS = [
  'opened',
  'severity-raised',
  'acknowledged',
  'assigned',
  'maintenance-scheduled',
  'maintenance-rescheduled',
  'maintenance-cancelled',
  'maintenance-reminder',
  'maintenance-completed',
  'resolved',
  'withdrawn',
  'retired',
  'outage-suspected',
  'renotified',
  'escalated',
  'subscription-disabled',
  'digest',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface QuietHours {
  /** HH:MM local time */
  start: string;
  end: string;
  /** IANA time zone */
  timeZone: string;
}

export interface SubscriptionTarget {
  url?: string;
  address?: string;
}

export interface Subscription {
  id: string;
  tenant: string;
  channel: NoticeChannel;
  target: SubscriptionTarget;
  /** webhook secret (whsec_...) or PagerDuty routing key; never leaves the notifier */
  secret: string | null;
  minSeverity: Severity;
  events: NoticeKind[] | null;
  devices: string[] | null;
  sites: string[] | null;
  quietHours: QuietHours | null;
  language: string;
  /**
   * NOC subscriptions only: the escalation targets (a policy step's `target`, e.g. "noc-lead") whose
   * escalations this subscription receives; null: every target's
   */
  escalationTargets: string[] | null;
  enabled: boolean;
  disabledReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export function severityRank(severity: string): number {
  return SEVERITIES.indexOf(severity as Severity);
}
