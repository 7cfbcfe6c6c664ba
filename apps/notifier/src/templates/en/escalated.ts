import type { NoticeTemplate } from '../template';

/** NOC on-call only (tenant _noc): internal detail is fine here. */
export const escalated: NoticeTemplate = {
  subject: (v) =>
    `[${v.severity}] Escalated to ${v.internal?.escalation?.target ?? 'on-call'}: ${v.internal?.tenant}/${v.device} ${v.internal?.failureMode}`,
  text: (v) =>
    `Ticket ${v.internal?.ticketId} (${v.internal?.tenant}, ${v.device}${v.site ? `, site ${v.site}` : ''}) is not acknowledged.\n` +
    `Escalation: ${v.internal?.escalation?.reason ?? ''}\n` +
    `Failure mode: ${v.internal?.failureMode}\n` +
    (v.expected
      ? `Predicted breach between ${v.expected.from} and ${v.expected.to} (${v.timeZone}).\n`
      : '') +
    (v.internal?.recommendedAction ? `Recommended action: ${v.internal.recommendedAction}\n` : ''),
};
