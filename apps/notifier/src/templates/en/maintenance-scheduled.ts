import type { NoticeTemplate } from '../template';
import { equipment, impactSentence, SIGNATURE } from './words';

export const maintenanceScheduled: NoticeTemplate = {
  subject: (v) => `Maintenance booked: ${equipment(v.device, v.site)}, ${v.maintenance?.start ?? ''}`,
  text: (v) =>
    `We have booked maintenance on ${equipment(v.device, v.site)} to fix a developing problem: it ${v.problem}.\n\n` +
    `When: from ${v.maintenance?.start ?? '?'} to ${v.maintenance?.end ?? '?'} (${v.timeZone}).\n` +
    `${impactSentence(v.maintenance?.impact ?? 'none')}\n` +
    (v.maintenance?.note ? `Note from our engineers: ${v.maintenance.note}\n` : '') +
    `\nWhat you need to do: ${v.maintenance?.impact === 'outage' ? 'plan for the interruption, or reply to your usual contact if this time does not suit you' : 'nothing'}. ` +
    `We will remind you 24 hours and 1 hour before the start.` +
    SIGNATURE,
};
