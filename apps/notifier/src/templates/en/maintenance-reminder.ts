import type { NoticeTemplate } from '../template';
import { duration, equipment, impactSentence, SIGNATURE } from './words';

export const maintenanceReminder: NoticeTemplate = {
  subject: (v) =>
    `Reminder: maintenance on ${equipment(v.device, v.site)} in ${duration(v.maintenance?.leadMs ?? 0)}`,
  text: (v) =>
    `A reminder: maintenance on ${equipment(v.device, v.site)} starts in ${duration(v.maintenance?.leadMs ?? 0)}.\n\n` +
    `When: from ${v.maintenance?.start ?? '?'} to ${v.maintenance?.end ?? '?'} (${v.timeZone}).\n` +
    `${impactSentence(v.maintenance?.impact ?? 'none')}` +
    SIGNATURE,
};
