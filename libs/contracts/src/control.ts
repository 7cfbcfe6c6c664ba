import { type Occurrence, occurrenceAt, parseSchedule, type Schedule } from './maintenance-schedule';

/**
 * Control state the tickets service owns and the detector follows: the maintenance windows (the detector
 * does not learn a device's points inside one) and the false-positive feedback rules (the detector
 * withholds what a rule covers). Published as one retained message per kind with the whole current set,
 * on every change and at start: a detector that (re)starts gets the latest set from the broker, and a lost
 * update is repaired by the next one.
 */
export const CONTROL_TOPICS = {
  maintenance: 'control/maintenance-windows',
  feedback: 'control/feedback',
  retired: 'control/retired-devices',
} as const;

/** The schedule and scope of one maintenance window (the API's window without its bookkeeping). */
export interface MaintenanceWindowSpec {
  id: string;
  tenant: string;
  /** null: every device of the tenant (or of `site`) */
  devices: string[] | null;
  /** the devices whose `site` tag is this; null: any site */
  site: string | null;
  /** local wall time in `timeZone`, 'YYYY-MM-DDTHH:mm' */
  start: string;
  durationMinutes: number;
  timeZone: string;
  /** RFC 5545 RRULE (no DTSTART); null: one-off */
  rrule: string | null;
}

export interface MaintenanceControlMessage {
  /** wall clock of the publication */
  at: number;
  windows: MaintenanceWindowSpec[];
}

/**
 * What a false-positive resolution changes (README "False-positive feedback"): until `expiresAt`, evidence of
 * `failureMode` on these metrics of this device counts only once the observed value is beyond the metric's
 * warning limit; forecasts and anomalies inside it are withheld. Metrics without limits are withheld.
 */
export interface FeedbackRule {
  id: string;
  tenant: string;
  device: string;
  failureMode: string;
  /** the evidence metrics of the ticket that was marked false */
  metrics: string[];
  /** epoch ms */
  createdAt: number;
  expiresAt: number;
}

export interface FeedbackControlMessage {
  at: number;
  rules: FeedbackRule[];
}

/**
 * Devices the NOC retired (decommissioned): the detector drops their points and forgets their models and
 * silence, the tickets service opens nothing for them, until the retirement is undone.
 */
export interface RetiredDevicesControlMessage {
  at: number;
  devices: { tenant: string; device: string }[];
}

/** The device a window or silence is matched against. */
export interface DeviceRef {
  tenant: string;
  device: string;
  site?: string | null;
}

/** Whether a window's scope covers the device (tenant, then the device list, then the site). */
export function windowCovers(window: MaintenanceWindowSpec, ref: DeviceRef): boolean {
  if (window.tenant !== ref.tenant) return false;
  if (window.devices !== null && !window.devices.includes(ref.device)) return false;
  if (window.site !== null && window.site !== (ref.site ?? null)) return false;
  return true;
}

/**
 * The windows of a control message, compiled once, indexed by tenant: "is this device in maintenance at
 * `at`?" costs a map lookup and, per window of the tenant, a scope test and a binary search.
 *
 * @example
 * const calendar = MaintenanceCalendar.from(message.windows);
 * calendar.activeAt({ tenant: 'acme', device: 'r1', site: 'par1' }, Date.now()) // { window, occurrence } | null
 */
export class MaintenanceCalendar {
  private readonly byTenant = new Map<string, { spec: MaintenanceWindowSpec; schedule: Schedule }[]>();

  private constructor(readonly windows: readonly MaintenanceWindowSpec[]) {
    for (const spec of windows) {
      const parsed = parseSchedule(spec);
      if (!parsed.ok) continue; // the API validated it; an invalid one can only come from a newer writer
      const list = this.byTenant.get(spec.tenant) ?? [];
      list.push({ spec, schedule: parsed.schedule });
      this.byTenant.set(spec.tenant, list);
    }
  }

  static readonly EMPTY = new MaintenanceCalendar([]);

  static from(windows: readonly MaintenanceWindowSpec[]): MaintenanceCalendar {
    return windows.length === 0 ? MaintenanceCalendar.EMPTY : new MaintenanceCalendar(windows);
  }

  get size(): number {
    return this.windows.length;
  }

  /** The first window covering the device whose occurrence contains `at`, or null. */
  activeAt(ref: DeviceRef, at: number): { window: MaintenanceWindowSpec; occurrence: Occurrence } | null {
    const list = this.byTenant.get(ref.tenant);
    if (!list) return null;
    for (const { spec, schedule } of list) {
      if (!windowCovers(spec, ref)) continue;
      const occurrence = occurrenceAt(schedule, at);
      if (occurrence) return { window: spec, occurrence };
    }
    return null;
  }

  /** Whether the tenant has any window at all (a cheap pre-test for the hot path). */
  hasTenant(tenant: string): boolean {
    return this.byTenant.has(tenant);
  }
}
