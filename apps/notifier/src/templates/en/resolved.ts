import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const resolved: NoticeTemplate = {
  subject: (v) => `Resolved: ${equipment(v.device, v.site)}`,
  text: (v) =>
    `The problem we told you about on ${equipment(v.device, v.site)} is resolved: the equipment is behaving normally again.\n\n` +
    `What you need to do: nothing.` +
    SIGNATURE,
};
