import { Logger } from '@nestjs/common';

import { MIN, newEvent, T0 } from '../../test/correlation.factory';
import { newTicketsHarness } from '../../test/tickets-service.factory';
import { InvalidTransitionError } from '../tickets/ticket.errors';
import { toBookingInput } from './bookings.controller';
import { BookingsRepository } from './bookings.repository';
import { BookingsService } from './bookings.service';

const HOUR = 60 * MIN;

describe('maintenance booked on a ticket (PGlite)', () => {
  let h: Awaited<ReturnType<typeof newTicketsHarness>>;
  let bookings: BookingsService;
  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    h = await newTicketsHarness();
    bookings = new BookingsService(
      new BookingsRepository(h.db),
      h.repository,
      h.noc,
      h.events,
      h.state,
      h.lifecycle,
    );
  }, 60_000);
  afterAll(() => h?.close());

  const openTicket = async (device: string) => {
    for (const m of [0, 5, 10, 15]) await h.processor.apply(newEvent('forecast', T0 + m * MIN, { device }));
    return (await h.service.list({ device }, 10, null)).items[0];
  };

  it('books a device-scoped window, announces it, moves it on reschedule and removes it on completion', async () => {
    const ticket = await openTicket('r1');
    const start = Date.now() + 2 * HOUR;
    const booked = await bookings.book(
      ticket,
      { start, end: start + HOUR, impact: 'degraded', note: 'swap the fan tray' },
      'alice',
    );
    expect(booked).toMatchObject({ status: 'scheduled', impact: 'degraded', ticketId: ticket.id });
    const window = await h.noc.findWindow(booked.windowId!);
    expect(window).toMatchObject({
      tenant: 'acme',
      devices: ['r1'],
      timeZone: 'UTC',
      durationMinutes: 60,
      rrule: null,
    });
    expect(h.state.maintenanceAt({ tenant: 'acme', device: 'r1' }, start + 30 * MIN)).not.toBeNull();
    expect(h.state.maintenanceAt({ tenant: 'acme', device: 'r2' }, start + 30 * MIN)).toBeNull();
    const scheduled = h.emitted.find((e) => e.type === 'MaintenanceScheduled')!;
    expect(scheduled.details).toEqual({
      maintenance: expect.objectContaining({
        id: booked.id,
        impact: 'degraded',
        start: new Date(start).toISOString(),
      }),
    });

    const later = start + 24 * HOUR;
    const moved = await bookings.reschedule(
      ticket,
      booked.id,
      { start: later, end: later + 2 * HOUR },
      'alice',
    );
    expect(moved.windowId).not.toBe(booked.windowId);
    expect(await h.noc.findWindow(booked.windowId!)).toBeNull();
    expect(h.state.maintenanceAt({ tenant: 'acme', device: 'r1' }, start + 30 * MIN)).toBeNull();
    expect(h.state.maintenanceAt({ tenant: 'acme', device: 'r1' }, later + 90 * MIN)).not.toBeNull();

    const done = await bookings.finish(ticket, booked.id, 'completed', 'fan tray replaced', 'bob');
    expect(done).toMatchObject({ status: 'completed', windowId: null, note: 'fan tray replaced' });
    expect(await h.noc.findWindow(moved.windowId!)).toBeNull();
    await expect(bookings.finish(ticket, booked.id, 'cancelled', null, 'bob')).rejects.toThrow(/completed/);
    expect(h.emitted.map((e) => e.type).filter((t) => t.startsWith('Maintenance'))).toEqual([
      'MaintenanceScheduled',
      'MaintenanceRescheduled',
      'MaintenanceCompleted',
    ]);
    const audit = (await h.service.get(ticket.id)).audit.map((a) => a.action);
    expect(audit).toEqual(
      expect.arrayContaining(['maintenance_scheduled', 'maintenance_rescheduled', 'maintenance_completed']),
    );
  });

  it('cancels, and refuses a resolved ticket', async () => {
    const ticket = await openTicket('r3');
    const start = Date.now() + HOUR;
    const booked = await bookings.book(
      ticket,
      { start, end: start + HOUR, impact: 'none', note: null },
      'alice',
    );
    const cancelled = await bookings.finish(ticket, booked.id, 'cancelled', null, 'alice');
    expect(cancelled.status).toBe('cancelled');
    expect(await h.noc.findWindow(booked.windowId!)).toBeNull();
    await h.service.resolve(ticket.id, { actor: 'alice', comment: null });
    await expect(
      bookings.book(ticket, { start, end: start + HOUR, impact: 'none', note: null }, 'alice'),
    ).rejects.toThrow(InvalidTransitionError);
  });

  it('validates the body, naming the field', () => {
    const now = Date.UTC(2027, 0, 1);
    const bad = (body: unknown, mode: 'patch' | null = null) => {
      try {
        toBookingInput(body, mode, now);
        return null;
      } catch (error) {
        return (error as { parameter?: string }).parameter;
      }
    };
    const ok = { start: '2027-01-02T06:00:00Z', end: '2027-01-02T07:00:00Z', impact: 'outage' };
    expect(toBookingInput(ok, null, now)).toEqual({
      start: Date.UTC(2027, 0, 2, 6),
      end: Date.UTC(2027, 0, 2, 7),
      impact: 'outage',
      note: null,
    });
    expect(bad({ ...ok, start: '2027-01-02 06:00' })).toBe('start');
    expect(bad({ ...ok, end: '2027-01-02T05:00:00Z' })).toBe('end');
    expect(bad({ ...ok, impact: 'some' })).toBe('impact');
    expect(bad({ ...ok, colour: 'red' })).toBe('colour');
    expect(bad({ start: ok.start, impact: 'none' })).toBe('end');
    expect(bad({ ...ok, start: '2026-12-31T06:00:00Z', end: '2026-12-31T07:00:00Z' })).toBe('end'); // over
    expect(bad({ note: 'later' }, 'patch')).toBeNull();
  });
});
