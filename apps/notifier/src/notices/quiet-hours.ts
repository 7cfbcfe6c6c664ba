import { DateTime } from 'luxon';

import type { QuietHours } from '../subscriptions/subscription';

/**
 * When the quiet hours holding `now` end (the instant), or null outside them. Hours wrap midnight when
 * start > end (22:00-07:00). DST: local wall times, as luxon resolves them.
 *
 * @example quietUntil(Date.parse('2027-01-05T23:00:00Z'), { start: '22:00', end: '07:00', timeZone: 'UTC' }) // 2027-01-06T07:00Z
 */
export function quietUntil(now: number, quiet: QuietHours): Date | null {
  const local = DateTime.fromMillis(now, { zone: quiet.timeZone });
  const minutes = local.hour * 60 + local.minute;
  const [sh, sm] = quiet.start.split(':').map(Number);
  const [eh, em] = quiet.end.split(':').map(Number);
  const start = sh * 60 + sm;
  const end = eh * 60 + em;
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return null;
  let until = local.set({ hour: eh, minute: em, second: 0, millisecond: 0 });
  if (until.toMillis() <= now) until = until.plus({ days: 1 });
  return until.toJSDate();
}
