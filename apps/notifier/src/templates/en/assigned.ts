import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const assigned: NoticeTemplate = {
  subject: (v) => `An engineer is assigned: ${equipment(v.device, v.site)}`,
  text: (v) =>
    `An engineer has been assigned to ${equipment(v.device, v.site)}, which ${v.problem}.\n\n` +
    `What you need to do: nothing. We will tell you when work is booked.` +
    SIGNATURE,
};
