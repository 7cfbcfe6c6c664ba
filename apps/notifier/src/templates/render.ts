import type { TicketSummary } from '@preempt/contracts';

import type { NoticeKind } from '../subscriptions/subscription';
import { LANGUAGE_TEMPLATES } from './languages';
import type { NoticeValues } from './template';

/** A maintenance as lifecycle events carry it (details.maintenance). */
export interface MaintenanceDetails {
  id: string;
  windowId?: string;
  start: string;
  end: string;
  impact: 'none' | 'degraded' | 'outage';
  note?: string | null;
}

export interface RenderInput {
  kind: NoticeKind;
  language: string;
  timeZone: string;
  ticket: TicketSummary | null;
  maintenance?: MaintenanceDetails | null;
  /** reminders: how long before the start */
  leadMs?: number;
  digest?: { ticket: TicketSummary; kind: NoticeKind }[];
  /** NOC notices: internal detail */
  internal?: NoticeValues['internal'];
}

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

/** Renders a notice from its template (templates/<language>/<kind>.ts) with the ticket's data. */
export function renderNotice(input: RenderInput): RenderedNotice {
  const language = LANGUAGE_TEMPLATES[input.language] ?? LANGUAGE_TEMPLATES.en;
  const when = (iso: string) => formatTime(iso, input.language, input.timeZone);
  const t = input.ticket;
  const band =
    t?.predictedBreachBand ??
    (t?.predictedBreachAt ? { earliest: t.predictedBreachAt, latest: t.predictedBreachAt } : null);
  const values: NoticeValues = {
    device: t?.device ?? '',
    site: t?.site ?? null,
    problem: language.problem(t?.failureMode ?? ''),
    severity: t?.severity ?? 'minor',
    expected: band ? { from: when(band.earliest), to: when(band.latest) } : null,
    timeZone: input.timeZone,
    inHand: t !== null && (t.status === 'acknowledged' || t.assignee !== null),
    maintenance: input.maintenance
      ? {
          start: when(input.maintenance.start),
          end: when(input.maintenance.end),
          impact: input.maintenance.impact,
          note: input.maintenance.note ?? null,
          leadMs: input.leadMs,
        }
      : null,
    digest: (input.digest ?? []).map((item) => ({
      device: item.ticket.device,
      site: item.ticket.site,
      kind: item.kind,
      problem: language.problem(item.ticket.failureMode),
    })),
    internal: input.internal ?? null,
  };
  const template = language.templates[input.kind];
  let text = template.text(values);
  const internal = values.internal;
  if (internal && input.kind !== 'escalated' && input.kind !== 'subscription-disabled')
    text +=
      `\n\n[NOC] ticket ${internal.ticketId}, tenant ${internal.tenant}, failure mode ${internal.failureMode}` +
      (internal.recommendedAction ? `; recommended: ${internal.recommendedAction}` : '');
  return { subject: template.subject(values), text, html: toHtml(text) };
}

/** "Tue 5 Jan 2027, 14:00" in the subscriber's language and time zone. */
export function formatTime(iso: string, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** The HTML part: the same text, escaped, one paragraph per blank-line block. */
export function toHtml(text: string): string {
  const escape = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const paragraphs = text
    .split(/\n{2,}/)
    .map((block) => `<p>${escape(block).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html><body style="font-family: sans-serif">\n${paragraphs}\n</body></html>`;
}
