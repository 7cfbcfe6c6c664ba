import { type DeviceStatusEvent, deviceStatusEventId } from '@preempt/contracts';

/**
 * Which devices stopped reporting (Zabbix `nodata`, Prometheus `absent()`). Pure: the caller says when a
 * device's points arrive and asks, on a timer, which devices are due.
 *
 * The clock is event time, so a replay at any speed behaves as the live fleet did: the largest point
 * time seen (the watermark), moved on by the wall time elapsed since it last advanced, so silence is still
 * noticed when every device goes quiet at once. A device is silent once the clock is `afterMs` past its
 * latest point AND no point of it arrived for `wallGuardMs` of wall time: a device replaying older data
 * (behind the watermark but still sending) is not silent.
 *
 * @example
 * const tracker = new DeviceSilenceTracker({ afterMs: 15 * 60_000, wallGuardMs: 30_000 });
 * tracker.seen('acme', 'r1', 'par1', lastPointTs, Date.now()); // a device_reporting event if it was silent
 * tracker.due(Date.now());                                      // device_silent events
 */
export interface DeviceSilenceOptions {
  /** event time without a point after which a device is silent */
  afterMs: number;
  /** wall time without a point that must also have passed */
  wallGuardMs: number;
  /** devices tracked at most (the least recently seen are forgotten beyond it) */
  maxDevices: number;
}

interface Tracked {
  tenant: string;
  device: string;
  site: string | undefined;
  lastTs: number;
  lastSeenWall: number;
  silent: boolean;
}

/** Whether the device is in maintenance at event time `at` (its silence is then expected). */
export type InMaintenance = (
  ref: { tenant: string; device: string; site?: string | null },
  at: number,
) => boolean;

export class DeviceSilenceTracker {
  private readonly devices = new Map<string, Tracked>();
  private watermark = Number.NEGATIVE_INFINITY;
  private watermarkWall = 0;
  /** devices dropped beyond maxDevices */
  forgotten = 0;

  constructor(private readonly options: DeviceSilenceOptions) {}

  get size(): number {
    return this.devices.size;
  }

  /** The silence clock at wall time `wallNow` (event time; -Infinity before any point). */
  clock(wallNow: number): number {
    return this.watermark + Math.max(0, wallNow - this.watermarkWall);
  }

  /**
   * Points of a device arrived (`firstTs`..`lastTs`). Returns the `device_reporting` event when the device
   * was silent.
   */
  seen(
    tenant: string,
    device: string,
    site: string | undefined,
    firstTs: number,
    lastTs: number,
    wallNow: number,
  ): DeviceStatusEvent | null {
    if (lastTs > this.watermark) {
      this.watermark = lastTs;
      this.watermarkWall = wallNow;
    }
    const key = `${tenant}\u0000${device}`;
    const known = this.devices.get(key);
    if (!known) {
      this.remember(key, { tenant, device, site, lastTs, lastSeenWall: wallNow, silent: false });
      return null;
    }
    // most recently seen last (the map's order is what maxDevices forgets by)
    this.devices.delete(key);
    this.devices.set(key, known);
    const wasSilent = known.silent;
    const previous = known.lastTs;
    known.lastTs = Math.max(known.lastTs, lastTs);
    known.lastSeenWall = wallNow;
    known.silent = false;
    if (site !== undefined) known.site = site;
    if (!wasSilent) return null;
    const at = Math.max(firstTs, previous);
    return {
      id: deviceStatusEventId('device_reporting', tenant, device, at),
      type: 'device_reporting',
      tenant,
      device,
      ...(known.site === undefined ? {} : { site: known.site }),
      at,
      lastSeenAt: previous,
    };
  }

  /**
   * Seeds a device known from a checkpoint (its latest point time), as if seen now: a device that was
   * silent across a restart is reported again (the tickets service takes a repeated state as a no-op).
   */
  /** Stops tracking a device (a retired one): it is never reported silent; its next points start afresh. */
  forget(tenant: string, device: string): void {
    this.devices.delete(`${tenant}\u0000${device}`);
  }

  restore(tenant: string, device: string, lastTs: number, wallNow: number): void {
    const key = `${tenant}\u0000${device}`;
    const known = this.devices.get(key);
    if (known) {
      known.lastTs = Math.max(known.lastTs, lastTs);
      return;
    }
    if (lastTs > this.watermark) {
      this.watermark = lastTs;
      this.watermarkWall = wallNow;
    }
    this.remember(key, { tenant, device, site: undefined, lastTs, lastSeenWall: wallNow, silent: false });
  }

  /**
   * The devices that became silent by `wallNow`. A device in maintenance at the moment its silence would
   * start is not reported then (a planned reboot); if it is still silent when the window is over, it is
   * reported with the time it was noticed.
   */
  due(wallNow: number, inMaintenance: InMaintenance = () => false): DeviceStatusEvent[] {
    const clock = this.clock(wallNow);
    const { afterMs, wallGuardMs } = this.options;
    const events: DeviceStatusEvent[] = [];
    for (const d of this.devices.values()) {
      if (d.silent || clock - d.lastTs < afterMs || wallNow - d.lastSeenWall < wallGuardMs) continue;
      const ref = { tenant: d.tenant, device: d.device, site: d.site ?? null };
      let at = d.lastTs + afterMs;
      if (inMaintenance(ref, at)) {
        if (inMaintenance(ref, clock)) continue;
        at = clock;
      }
      d.silent = true;
      events.push({
        id: deviceStatusEventId('device_silent', d.tenant, d.device, at),
        type: 'device_silent',
        tenant: d.tenant,
        device: d.device,
        ...(d.site === undefined ? {} : { site: d.site }),
        at,
        lastSeenAt: d.lastTs,
      });
    }
    return events;
  }

  private remember(key: string, tracked: Tracked): void {
    this.devices.set(key, tracked);
    if (this.devices.size > this.options.maxDevices) {
      const oldest = this.devices.keys().next().value as string;
      this.devices.delete(oldest);
      this.forgotten++;
    }
  }
}
