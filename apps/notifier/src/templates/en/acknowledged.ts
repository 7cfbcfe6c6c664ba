import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const acknowledged: NoticeTemplate = {
  subject: (v) => `We are on it: ${equipment(v.device, v.site)}`,
  text: (v) =>
    `Our network operations team is now working on ${equipment(v.device, v.site)}, which ${v.problem}.\n\n` +
    (v.expected
      ? `We still expect it could affect service between ${v.expected.from} and ${v.expected.to} (${v.timeZone}) if left alone.\n\n`
      : '') +
    `What you need to do: nothing. We will tell you when work is booked.` +
    SIGNATURE,
};
