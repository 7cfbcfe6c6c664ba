import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

/** A ticket closed because its device was taken out of service (retired by the NOC). */
export const retired: NoticeTemplate = {
  subject: (v) => `Closed: ${equipment(v.device, v.site)}`,
  text: (v) =>
    `We have closed the matter we told you about on ${equipment(v.device, v.site)}: the equipment has been ` +
    `taken out of service, so we no longer watch it.\n\n` +
    `What you need to do: nothing.` +
    SIGNATURE,
};
