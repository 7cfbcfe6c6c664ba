import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const renotified: NoticeTemplate = {
  subject: (v) => `Still in progress: ${equipment(v.device, v.site)}`,
  text: (v) =>
    `A reminder that ${equipment(v.device, v.site)} ${v.problem}, and it is not fixed yet.\n\n` +
    (v.expected
      ? `We expect it could affect service between ${v.expected.from} and ${v.expected.to} (${v.timeZone}) if left alone.\n\n`
      : '') +
    `What we are doing: our team ${v.inHand ? 'is working on it' : 'has been alerted again'}.\n\n` +
    `What you need to do: nothing for now.` +
    SIGNATURE,
};
