import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const withdrawn: NoticeTemplate = {
  subject: (v) => `No action needed: ${equipment(v.device, v.site)}`,
  text: (v) =>
    `On closer inspection, the early warning we sent about ${equipment(v.device, v.site)} was not a real problem. ` +
    `We have withdrawn it, and no work is planned. Sorry for the unnecessary notice.\n\n` +
    `What you need to do: nothing.` +
    SIGNATURE,
};
