import type { MaintenanceWindowDto } from '../api/api-types.generated';

export type Recurrence = 'once' | 'daily' | 'weekly' | 'custom';

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * The RRULE of a recurrence choice; `weekly` repeats on the weekday of the (local wall time) start.
 * @example rruleOf('weekly', '2027-03-28T01:30', '') // 'FREQ=WEEKLY;BYDAY=SU'
 */
export function rruleOf(recurrence: Recurrence, start: string, custom: string): string | undefined {
  switch (recurrence) {
    case 'once':
      return undefined;
    case 'daily':
      return 'FREQ=DAILY';
    case 'weekly': {
      // the weekday of a wall-clock date, whatever the browser's zone: read it as UTC
      const day = new Date(`${start.slice(0, 10)}T00:00:00Z`).getUTCDay();
      return `FREQ=WEEKLY;BYDAY=${WEEKDAYS[day]}`;
    }
    case 'custom':
      return custom.trim() || undefined;
  }
}

/** What a window covers, as a sentence fragment. */
export function scopeOf(window: Pick<MaintenanceWindowDto, 'devices' | 'site'>): string {
  if (window.devices && window.devices.length > 0) return window.devices.join(', ');
  if (window.site) return `every device at site ${window.site}`;
  return 'every device';
}

/** `FREQ=WEEKLY;BYDAY=SU` -> `weekly (FREQ=WEEKLY;BYDAY=SU)`; none: `once`. */
export function repeatsOf(rrule: string | null): string {
  if (!rrule) return 'once';
  const freq = /FREQ=(\w+)/.exec(rrule)?.[1]?.toLowerCase();
  return freq ? `${freq} (${rrule})` : rrule;
}
