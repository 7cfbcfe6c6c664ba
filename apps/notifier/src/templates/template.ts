import type { NoticeKind } from '../subscriptions/subscription';

/** What a template may say: customer-safe values, times already in the subscriber's time zone. */
export interface NoticeValues {
  /** the equipment: device name and, when known, its site */
  device: string;
  site: string | null;
  /** the failure in plain words (the language's words.ts), never a component name or score */
  problem: string;
  severity: 'critical' | 'major' | 'minor';
  /** the predicted breach band, formatted in the subscriber's time zone; null without a forecast */
  expected: { from: string; to: string } | null;
  timeZone: string;
  /** someone is on it (acknowledged or assigned) */
  inHand: boolean;
  maintenance: {
    start: string;
    end: string;
    impact: 'none' | 'degraded' | 'outage';
    note: string | null;
    /** reminders: how long before the start, in ms */
    leadMs?: number;
  } | null;
  /** digest: the notices it stands for */
  digest: { device: string; site: string | null; kind: NoticeKind; problem: string }[];
  /** NOC subscriptions only (tenant _noc): internal detail */
  internal: {
    tenant: string;
    ticketId: string;
    failureMode: string;
    recommendedAction: string | null;
    escalation: { target: string; reason: string } | null;
    reason: string | null;
  } | null;
}

/** One file per kind and language: plain functions of the values, so each language words it its own way. */
export interface NoticeTemplate {
  subject(v: NoticeValues): string;
  text(v: NoticeValues): string;
}

/** A language: one template per kind, plain words for failure modes and durations, its date format. */
export interface Language {
  templates: Record<NoticeKind, NoticeTemplate>;
  problem(failureMode: string): string;
  duration(ms: number): string;
}
