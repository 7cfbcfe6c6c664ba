import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const severityRaised: NoticeTemplate = {
  subject: (v) => `Update: ${equipment(v.device, v.site)} needs attention sooner`,
  text: (v) =>
    `The problem we told you about on ${equipment(v.device, v.site)} is developing faster than expected: it ${v.problem}.\n\n` +
    (v.expected
      ? `We now expect it to affect service between ${v.expected.from} and ${v.expected.to} (${v.timeZone}).\n\n`
      : '') +
    `What we are doing: our team has raised its priority${v.inHand ? ' and is working on it' : ''}.\n\n` +
    `What you need to do: nothing for now; we will tell you before any work that may affect you.` +
    SIGNATURE,
};
