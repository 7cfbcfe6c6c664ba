import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const maintenanceCompleted: NoticeTemplate = {
  subject: (v) => `Maintenance completed: ${equipment(v.device, v.site)}`,
  text: (v) =>
    `The maintenance on ${equipment(v.device, v.site)} is complete.\n\n` +
    `What we do next: we keep watching the equipment to confirm the fix holds, and will tell you when the matter is closed.\n\n` +
    `What you need to do: nothing.` +
    SIGNATURE,
};
