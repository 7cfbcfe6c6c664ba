import { Logger } from '@nestjs/common';
import { Subject } from 'rxjs';

import { MIN, newEvent, T0 } from '../../test/correlation.factory';
import { newTicketsHarness } from '../../test/tickets-service.factory';
import { InvalidTransitionError, TicketNotFoundError, VersionMismatchError } from './ticket.errors';

type Harness = Awaited<ReturnType<typeof newTicketsHarness>>;

describe('tickets on PGlite: processor, repository and service', () => {
  let h: Harness;

  // One database for the file (PGlite takes seconds to start); each test uses its own devices.
  beforeAll(async () => {
    Logger.overrideLogger(['warn', 'error']);
    h = await newTicketsHarness();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  let devices = 0;
  let device = '';
  beforeEach(() => {
    device = `rtr-${++devices}`;
    h.emitted.length = 0;
  });

  const openTicket = async (name = device, tenant = 'acme') => {
    for (const m of [0, 5, 10, 15]) {
      await h.processor.apply(newEvent('forecast', T0 + m * MIN, { device: name, tenant }));
    }
    const page = await h.service.list({ device: name, tenant }, 10, null);
    expect(page.items).toHaveLength(1);
    return page.items[0];
  };

  it('opens one ticket from persistent evidence, updates it, and ignores redelivered events', async () => {
    const ticket = await openTicket();
    expect(ticket).toMatchObject({
      status: 'open',
      failureMode: 'overheating',
      detectedAt: T0 + 15 * MIN,
      occurrenceCount: 4,
      version: 1,
      resolution: null,
    });
    expect(ticket.predictedBreach).toEqual({
      at: T0 + 375 * MIN,
      earliest: T0 + 315 * MIN,
      latest: T0 + 435 * MIN,
    });
    const again = newEvent('forecast', T0 + 20 * MIN, { device });
    expect(await h.processor.apply(again)).toBe('applied');
    expect(await h.processor.apply(again)).toBe('duplicate');
    expect(await h.processor.apply(newEvent('forecast', T0 + 5 * MIN, { device }))).toBe('duplicate');
    const { ticket: updated, audit } = await h.service.get(ticket.id);
    expect(updated).toMatchObject({ occurrenceCount: 5, version: 2, lastEvidenceAt: T0 + 20 * MIN });
    expect(audit).toEqual([
      expect.objectContaining({ seq: 1, action: 'opened', actor: 'system', toStatus: 'open' }),
    ]);
    expect(h.emitted.map((e) => e.type)).toEqual(['TicketOpened', 'TicketUpdated']);
  });

  it('acknowledge -> resolve with the audit trail; invalid transitions are conflicts', async () => {
    const { id } = await openTicket();
    await h.service.acknowledge(id, { actor: 'alice', comment: 'on it' });
    await expect(h.service.acknowledge(id, { actor: 'bob', comment: null })).rejects.toThrow(
      InvalidTransitionError,
    );
    await h.service.comment(id, { actor: 'bob', comment: 'fan tray ordered' });
    const { ticket, audit } = await h.service.resolve(id, { actor: 'alice', comment: 'fan replaced' });
    expect(ticket).toMatchObject({ status: 'resolved', resolution: 'manual', version: 3 });
    expect(ticket.resolvedAt).not.toBeNull();
    expect(audit.map((a) => [a.action, a.actor, a.fromStatus, a.toStatus, a.comment])).toEqual([
      ['opened', 'system', null, 'open', expect.any(String)],
      ['acknowledged', 'alice', 'open', 'acknowledged', 'on it'],
      ['commented', 'bob', null, null, 'fan tray ordered'],
      ['resolved', 'alice', 'acknowledged', 'resolved', 'fan replaced'],
    ]);
    await expect(h.service.resolve(id, { actor: 'x', comment: null })).rejects.toThrow(
      InvalidTransitionError,
    );
    expect(h.emitted.map((e) => e.type)).toEqual([
      'TicketOpened',
      'TicketAcknowledged',
      'TicketCommented',
      'TicketResolved',
    ]);
  });

  it('two concurrent acknowledgements: exactly one wins', async () => {
    const { id } = await openTicket();
    const results = await Promise.allSettled([
      h.service.acknowledge(id, { actor: 'a', comment: null }),
      h.service.acknowledge(id, { actor: 'b', comment: null }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidTransitionError);
  });

  it('checks the expected version (If-Match) and reports unknown tickets', async () => {
    const { id } = await openTicket();
    await expect(
      h.service.acknowledge(id, { actor: 'a', comment: null, expectedVersion: 7 }),
    ).rejects.toThrow(VersionMismatchError);
    await h.service.acknowledge(id, { actor: 'a', comment: null, expectedVersion: 1 });
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(h.service.get(missing)).rejects.toThrow(TicketNotFoundError);
    await expect(h.service.comment(missing, { actor: 'a', comment: 'x' })).rejects.toThrow(
      TicketNotFoundError,
    );
  });

  it('auto-resolves after recovery (audit actor system); the failure returning soon reopens that ticket', async () => {
    const { id } = await openTicket();
    await h.processor.apply(newEvent('recovered', T0 + 45 * MIN, { device }));
    const { ticket, audit } = await h.service.get(id);
    expect(ticket).toMatchObject({ status: 'resolved', resolution: 'auto' });
    expect(audit[audit.length - 1]).toMatchObject({
      action: 'resolved',
      actor: 'system',
      comment: expect.stringContaining('auto-resolved'),
    });
    for (const m of [60, 65, 70, 75]) await h.processor.apply(newEvent('forecast', T0 + m * MIN, { device }));
    const page = await h.service.list({ device }, 10, null);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id, status: 'open', resolution: null, resolvedAt: null });
    const reopened = await h.service.get(id);
    expect(reopened.audit[reopened.audit.length - 1]).toMatchObject({
      action: 'reopened',
      actor: 'system',
      fromStatus: 'resolved',
      toStatus: 'open',
    });
    expect(h.emitted.map((e) => e.type)).toContain('TicketReopened');
  });

  it('a manually resolved ticket stays resolved: the failure returning opens a new ticket', async () => {
    const { id } = await openTicket();
    await h.service.resolve(id, { actor: 'noc-1', comment: 'fan tray replaced' });
    for (const m of [60, 65, 70, 75]) await h.processor.apply(newEvent('forecast', T0 + m * MIN, { device }));
    const page = await h.service.list({ device }, 10, null);
    expect(page.items.map((t) => [t.status, t.resolution])).toEqual([
      ['open', null],
      ['resolved', 'manual'],
    ]);
  });

  it('the sweep resolves tickets of a device that went quiet, by the event time of other devices', async () => {
    const { id } = await openTicket('quiet');
    await h.processor.apply(newEvent('recovered', T0 + 20 * MIN, { device: 'quiet' }));
    // every other test's tickets are due too by now (same event times): resolve them first
    await h.processor.apply(newEvent('anomaly', T0 + 49 * MIN, { device: 'busy' }));
    expect((await h.service.get(id)).ticket.status).toBe('open');
    await h.processor.apply(newEvent('anomaly', T0 + 50 * MIN, { device: 'busy' }));
    const due = await h.repository.devicesToSweep(h.processor.eventTimeWatermark, 30 * MIN, 6 * 60 * MIN);
    expect(due).toContainEqual({ tenant: 'acme', device: 'quiet' });
    expect(await h.processor.resolveDue('acme', 'quiet', h.processor.eventTimeWatermark)).toBe(1);
    expect((await h.service.get(id)).ticket).toMatchObject({ status: 'resolved', resolution: 'auto' });
  });

  it('lists with filters, total and a cursor', async () => {
    for (const name of ['d1', 'd2', 'd3']) await openTicket(name, 'listing');
    const first = await h.service.list({ status: 'open', tenant: 'listing' }, 2, null);
    expect(first.total).toBe(3);
    expect(first.items.map((t) => t.device)).toEqual(['d3', 'd2']);
    const second = await h.service.list({ status: 'open', tenant: 'listing' }, 2, first.nextCursor);
    expect(second.items.map((t) => t.device)).toEqual(['d1']);
    expect(second.nextCursor).toBeNull();
    expect((await h.service.list({ severity: 'critical', tenant: 'listing' }, 10, null)).total).toBe(0);
    expect((await h.service.list({ severity: 'major', tenant: 'listing' }, 10, null)).total).toBe(3);
  });

  it('assigns and unassigns: version, audit entry with the assignee, lifecycle event, list filter', async () => {
    const { id } = await openTicket(device, 'assigning');
    const other = await openTicket(`${device}-b`, 'assigning');
    const assigned = await h.service.assign(id, { actor: 'lead', assignee: 'alice', comment: 'yours' });
    expect(assigned.ticket).toMatchObject({ assignee: 'alice', version: 2, status: 'open' });
    expect(assigned.audit[assigned.audit.length - 1]).toMatchObject({
      action: 'assigned',
      actor: 'lead',
      assignee: 'alice',
      comment: 'yours',
      fromStatus: null,
      toStatus: null,
    });
    // the same assignee again without a comment changes nothing
    expect(
      (await h.service.assign(id, { actor: 'lead', assignee: 'alice', comment: null })).ticket.version,
    ).toBe(2);
    await expect(
      h.service.assign(id, { actor: 'lead', assignee: 'bob', comment: null, expectedVersion: 1 }),
    ).rejects.toThrow(VersionMismatchError);
    expect(
      (await h.service.list({ tenant: 'assigning', assignee: 'alice' }, 10, null)).items.map((t) => t.id),
    ).toEqual([id]);
    expect(
      (await h.service.list({ tenant: 'assigning', assignee: null }, 10, null)).items.map((t) => t.id),
    ).toEqual([other.id]);
    const unassigned = await h.service.assign(id, { actor: 'lead', assignee: null, comment: null });
    expect(unassigned.ticket).toMatchObject({ assignee: null, version: 3 });
    expect(unassigned.audit[unassigned.audit.length - 1]).toMatchObject({
      action: 'assigned',
      assignee: null,
    });
    expect(h.emitted.filter((e) => e.ticket.id === id).map((e) => [e.type, e.ticket.assignee])).toEqual([
      ['TicketOpened', null],
      ['TicketAssigned', 'alice'],
      ['TicketAssigned', null],
    ]);
    // an assignee survives the rules' updates
    await h.service.assign(id, { actor: 'lead', assignee: 'carol', comment: null });
    await h.processor.apply(newEvent('forecast', T0 + 20 * MIN, { device, tenant: 'assigning' }));
    expect((await h.service.get(id)).ticket).toMatchObject({ assignee: 'carol', occurrenceCount: 5 });
  });

  it('a resolved ticket cannot be assigned (invalid transition)', async () => {
    const { id } = await openTicket();
    await h.service.resolve(id, { actor: 'noc', comment: null });
    const error = await h.service
      .assign(id, { actor: 'noc', assignee: 'alice', comment: null })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error.extensions).toMatchObject({ reason: 'invalid-transition', ticketStatus: 'resolved' });
    await expect(
      h.service.assign('00000000-0000-4000-8000-000000000000', { actor: 'a', assignee: 'b', comment: null }),
    ).rejects.toThrow(TicketNotFoundError);
  });

  it('keeps the candidates across restarts (state in the database)', async () => {
    for (const m of [0, 5, 10]) await h.processor.apply(newEvent('forecast', T0 + m * MIN, { device }));
    // a second processor on the same database: what a restarted process sees
    const processor = h.newProcessor(new Subject());
    await processor.apply(newEvent('forecast', T0 + 15 * MIN, { device }));
    expect((await h.service.list({ device }, 10, null)).total).toBe(1);
  });
});
