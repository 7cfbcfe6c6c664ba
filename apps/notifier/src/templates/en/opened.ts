import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const opened: NoticeTemplate = {
  subject: (v) => `Early warning: ${equipment(v.device, v.site)} needs attention`,
  text: (v) =>
    `Our monitoring shows that your equipment ${equipment(v.device, v.site)} ${v.problem}.\n\n` +
    (v.expected
      ? `If nothing is done, we expect it to affect service between ${v.expected.from} and ${v.expected.to} (${v.timeZone}).\n\n`
      : `It is not affecting service yet.\n\n`) +
    `What we are doing: our network operations team has been alerted and will plan a fix before it affects you. ` +
    `We will tell you when work is booked.\n\n` +
    `What you need to do: nothing for now.` +
    SIGNATURE,
};
