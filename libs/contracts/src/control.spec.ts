import { MaintenanceCalendar, type MaintenanceWindowSpec, windowCovers } from './control';
import { isDeviceStatusEvent, parseDetectionEvent } from './detection-event.parser';
import { deviceStatusEventId } from './events';

const window: MaintenanceWindowSpec = {
  id: 'w1',
  tenant: 'acme',
  devices: null,
  site: 'par1',
  start: '2027-03-21T01:30',
  durationMinutes: 120,
  timeZone: 'Europe/Paris',
  rrule: 'FREQ=WEEKLY;BYDAY=SU',
};

describe('maintenance windows for the hot path', () => {
  it('scopes by tenant, device list and site', () => {
    expect(windowCovers(window, { tenant: 'acme', device: 'r1', site: 'par1' })).toBe(true);
    expect(windowCovers(window, { tenant: 'acme', device: 'r1', site: 'lyon' })).toBe(false);
    expect(windowCovers(window, { tenant: 'acme', device: 'r1' })).toBe(false); // site unknown
    expect(windowCovers(window, { tenant: 'other', device: 'r1', site: 'par1' })).toBe(false);
    const listed = { ...window, site: null, devices: ['r1', 'r2'] };
    expect(windowCovers(listed, { tenant: 'acme', device: 'r2' })).toBe(true);
    expect(windowCovers(listed, { tenant: 'acme', device: 'r3' })).toBe(false);
  });

  it('finds the window and occurrence in force, before and after the DST change', () => {
    const calendar = MaintenanceCalendar.from([window]);
    const ref = { tenant: 'acme', device: 'r1', site: 'par1' };
    expect(calendar.activeAt(ref, Date.UTC(2027, 2, 21, 0, 45))).toMatchObject({
      window: { id: 'w1' },
      occurrence: { start: Date.UTC(2027, 2, 21, 0, 30), end: Date.UTC(2027, 2, 21, 2, 30) },
    });
    expect(calendar.activeAt(ref, Date.UTC(2027, 3, 3, 23, 45))!.occurrence.start).toBe(
      Date.UTC(2027, 3, 3, 23, 30),
    );
    expect(calendar.activeAt(ref, Date.UTC(2027, 3, 4, 1, 45))).toBeNull();
    expect(calendar.hasTenant('acme')).toBe(true);
    expect(MaintenanceCalendar.from([]).activeAt(ref, Date.UTC(2027, 2, 21, 0, 45))).toBeNull();
  });
});

describe('device status events on the events topic', () => {
  const at = Date.UTC(2026, 0, 5);
  const status = {
    id: deviceStatusEventId('device_silent', 'acme', 'r1', at),
    type: 'device_silent',
    tenant: 'acme',
    device: 'r1',
    site: 'par1',
    at,
    lastSeenAt: at - 900_000,
  };

  it('parses them beside detection events and tells them apart', () => {
    const parsed = parseDetectionEvent('events/acme/r1', JSON.stringify(status));
    expect(parsed).toEqual({ ok: true, event: status });
    expect(parsed.ok && isDeviceStatusEvent(parsed.event)).toBe(true);
  });

  it('names what is wrong', () => {
    const bad = (over: object) =>
      parseDetectionEvent('events/acme/r1', JSON.stringify({ ...status, ...over }));
    expect(bad({ lastSeenAt: 'x' })).toEqual({ ok: false, detail: '"lastSeenAt" must be a finite number' });
    expect(bad({ site: '' })).toEqual({
      ok: false,
      detail: 'tag site: value is empty',
    });
    expect(bad({ device: 'r2' })).toMatchObject({
      ok: false,
      detail: expect.stringContaining('does not match'),
    });
  });

  it('ids are stable and differ by type', () => {
    expect(deviceStatusEventId('device_silent', 'acme', 'r1', at)).toBe(status.id);
    expect(deviceStatusEventId('device_reporting', 'acme', 'r1', at)).not.toBe(status.id);
  });
});
