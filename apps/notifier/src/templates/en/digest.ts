import type { NoticeTemplate } from '../template';
import { equipment, SIGNATURE } from './words';

const WHAT: Record<string, string> = {
  opened: 'needs attention',
  'severity-raised': 'needs attention sooner',
  acknowledged: 'is being worked on',
  assigned: 'has an engineer assigned',
  'maintenance-scheduled': 'has maintenance booked',
  'maintenance-rescheduled': 'has maintenance moved',
  'maintenance-cancelled': 'has maintenance cancelled',
  'maintenance-reminder': 'has maintenance coming up',
  'maintenance-completed': 'has had its maintenance completed',
  resolved: 'is resolved',
  withdrawn: 'needs no action after all',
  'outage-suspected': 'stopped reporting: possible outage',
  renotified: 'is still being worked on',
};

export const digest: NoticeTemplate = {
  subject: (v) => `${v.digest.length} updates about your equipment`,
  text: (v) =>
    `Several things happened on your equipment in a short time; here they are together:\n\n` +
    v.digest
      .map((item) => `- ${equipment(item.device, item.site)} ${WHAT[item.kind] ?? 'has an update'}`)
      .join('\n') +
    `\n\nWhat we are doing: our network operations team is handling each of them. ` +
    `We will keep you informed as work is booked.` +
    SIGNATURE,
};
