import type { NoticeTemplate } from '../template';
import { equipment, impactSentence, SIGNATURE } from './words';

export const maintenanceRescheduled: NoticeTemplate = {
  subject: (v) => `Maintenance moved: ${equipment(v.device, v.site)}, now ${v.maintenance?.start ?? ''}`,
  text: (v) =>
    `The maintenance on ${equipment(v.device, v.site)} has a new time.\n\n` +
    `When: from ${v.maintenance?.start ?? '?'} to ${v.maintenance?.end ?? '?'} (${v.timeZone}).\n` +
    `${impactSentence(v.maintenance?.impact ?? 'none')}\n` +
    (v.maintenance?.note ? `Note from our engineers: ${v.maintenance.note}\n` : '') +
    `\nWhat you need to do: ${v.maintenance?.impact === 'outage' ? 'plan for the interruption at the new time' : 'nothing'}.` +
    SIGNATURE,
};
