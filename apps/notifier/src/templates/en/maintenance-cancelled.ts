import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const maintenanceCancelled: NoticeTemplate = {
  subject: (v) => `Maintenance cancelled: ${equipment(v.device, v.site)}`,
  text: (v) =>
    `The maintenance we had booked on ${equipment(v.device, v.site)} is cancelled` +
    (v.maintenance
      ? ` (it was planned from ${v.maintenance.start} to ${v.maintenance.end}, ${v.timeZone})`
      : '') +
    `.\n\n` +
    (v.maintenance?.note ? `Note from our engineers: ${v.maintenance.note}\n\n` : '') +
    `What you need to do: nothing. If new work is needed we will tell you beforehand.` +
    SIGNATURE,
};
