import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

export const outageSuspected: NoticeTemplate = {
  subject: (v) => `Possible outage: ${equipment(v.device, v.site)} stopped reporting`,
  text: (v) =>
    `${equipment(v.device, v.site)}, which we were already watching because it ${v.problem}, has stopped reporting to us. ` +
    `Service through it may be interrupted.\n\n` +
    `What we are doing: our network operations team is investigating now, with priority.\n\n` +
    `What you need to do: if you see an interruption, tell your usual contact; otherwise nothing.` +
    SIGNATURE,
};
