import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Logger } from '@nestjs/common';
import { CONTROL_TOPICS, type DeviceStatusEvent, deviceStatusEventId } from '@preempt/contracts';
import { InMemoryChannel } from '@preempt/messaging';

import { MIN, newEvent, T0 } from '../../test/correlation.factory';
import { newTicketsHarness } from '../../test/tickets-service.factory';
import { Escalations } from '../escalation/escalations';
import { NocRepository } from '../storage/noc.repository';
import { NocState } from './noc-state';

type Harness = Awaited<ReturnType<typeof newTicketsHarness>>;

const HOUR = 60 * MIN;
const SECOND = 1000;

/** Escalation chains with delays the specs drive with an explicit clock. */
const POLICIES = {
  policies: [
    {
      severity: 'major',
      steps: [
        { after: '0m', target: 'on-call' },
        { after: '15m', target: 'noc-lead' },
        { after: '30m', target: 'head-of-noc' },
      ],
    },
    { severity: 'critical', steps: [{ after: '0m', target: 'on-call' }], repeatEvery: '30m' },
    { severity: 'minor', steps: [{ after: '1h', target: 'on-call' }] },
  ],
};

function silent(
  tenant: string,
  device: string,
  lastSeenAt: number,
  at = lastSeenAt + 15 * MIN,
): DeviceStatusEvent {
  return {
    id: deviceStatusEventId('device_silent', tenant, device, at),
    type: 'device_silent',
    tenant,
    device,
    at,
    lastSeenAt,
  };
}

function reporting(tenant: string, device: string, at: number, lastSeenAt: number): DeviceStatusEvent {
  return {
    id: deviceStatusEventId('device_reporting', tenant, device, at),
    type: 'device_reporting',
    tenant,
    device,
    at,
    lastSeenAt,
  };
}

describe('NOC operations on PGlite: escalation, device silence, maintenance windows, silences, feedback', () => {
  let h: Harness;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    const dir = mkdtempSync(join(tmpdir(), 'preempt-noc-'));
    writeFileSync(join(dir, 'policies.json'), JSON.stringify(POLICIES));
    h = await newTicketsHarness({
      ESCALATION_POLICY_FILE: join(dir, 'policies.json'),
      ACK_EXPIRY: '2h',
      // the window specs open tickets on anomalies (what a window suppresses is the same for forecasts)
      TICKET_ANOMALY_OPENS: 'any',
      TICKET_ANOMALY_MIN_SPAN: '0',
    });
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

  /** Four forecasts 5 min apart: a major ticket (breach in 6 h). */
  const openTicket = async (name = device, tenant = 'acme', from = T0, metric = 'temperature') => {
    for (const m of [0, 5, 10, 15])
      await h.processor.apply(newEvent('forecast', from + m * MIN, { device: name, tenant, metric }));
    const page = await h.service.list({ device: name, tenant, status: 'open' }, 10, null);
    return page.items.find((t) => t.evidence.some((e) => e.metric === metric))!;
  };

  const escalated = async (id: string) =>
    (await h.service.get(id)).audit.filter((a) => a.action === 'escalated').map((a) => a.comment);

  const armedAt = async (id: string) => (await h.noc.lockEscalation(h.db, id))!.armedAt;

  describe('escalation', () => {
    it('fires each step at its delay, once, across a restart, and never after the acknowledgement', async () => {
      const ticket = await openTicket();
      const t0 = await armedAt(ticket.id);
      expect(await h.escalations.fireDue(t0)).toBe(1);
      expect(await h.escalations.fireDue(t0 + 14 * MIN)).toBe(0);
      expect(await escalated(ticket.id)).toEqual([
        expect.stringMatching(/^escalated to on-call \(major step 1\/3\): not acknowledged/),
      ]);
      // a restarted process: a new Escalations on the same database, run late (step 2 overdue) and twice
      const restarted = new Escalations(h.noc, h.repository, h.events, h.state, h.config, h.lifecycle);
      expect(await restarted.fireDue(t0 + 20 * MIN)).toBe(1);
      expect(await restarted.fireDue(t0 + 20 * MIN)).toBe(0);
      expect(await h.escalations.fireDue(t0 + 20 * MIN)).toBe(0);
      expect(h.emitted.filter((e) => e.type === 'TicketEscalated').map((e) => e.details)).toEqual([
        expect.objectContaining({ step: 1, target: 'on-call', round: 0 }),
        expect.objectContaining({ step: 2, target: 'noc-lead', round: 0 }),
      ]);
      await h.service.acknowledge(ticket.id, { actor: 'alice', comment: null });
      expect(await h.escalations.fireDue(t0 + 45 * MIN)).toBe(0);
      expect(await escalated(ticket.id)).toHaveLength(2);
    });

    it('two processes firing at once fire every step exactly once', async () => {
      const ticket = await openTicket();
      const t0 = await armedAt(ticket.id);
      const other = new Escalations(h.noc, h.repository, h.events, h.state, h.config, h.lifecycle);
      const fired = await Promise.all([h.escalations.fireDue(t0 + 31 * MIN), other.fireDue(t0 + 31 * MIN)]);
      expect(fired[0] + fired[1]).toBe(3);
      expect(await escalated(ticket.id)).toEqual([
        expect.stringContaining('on-call'),
        expect.stringContaining('noc-lead'),
        expect.stringContaining('head-of-noc'),
      ]);
      expect(await h.escalations.fireDue(t0 + 10 * HOUR)).toBe(0); // no repeat in the major policy
    });

    it('repeats a chain with repeatEvery until acknowledged', async () => {
      // a breach 2 h away: critical
      for (const m of [0, 5, 10, 15])
        await h.processor.apply(newEvent('forecast', T0 + m * MIN, { device, breachAt: T0 + 2 * HOUR }));
      const [ticket] = (await h.service.list({ device }, 10, null)).items;
      expect(ticket.severity).toBe('critical');
      const t0 = await armedAt(ticket.id);
      expect(await h.escalations.fireDue(t0 + 65 * MIN)).toBe(3); // 0, 30 and 60 min
      await h.service.acknowledge(ticket.id, { actor: 'alice', comment: null });
      expect(await h.escalations.fireDue(t0 + 5 * HOUR)).toBe(0);
    });

    it('an acknowledgement nobody follows up expires: the ticket is open again and escalates anew', async () => {
      const ticket = await openTicket();
      await h.service.acknowledge(ticket.id, { actor: 'alice', comment: null });
      expect(await h.escalations.expireAcknowledgements(Date.now() + 1 * HOUR)).toBe(0);
      await h.service.comment(ticket.id, { actor: 'alice', comment: 'on site tomorrow' });
      // (other specs' acknowledged tickets of this database expire too)
      expect(await h.escalations.expireAcknowledgements(Date.now() + 2 * HOUR + MIN)).toBeGreaterThanOrEqual(
        1,
      );
      const { ticket: after, audit } = await h.service.get(ticket.id);
      expect(after.status).toBe('open');
      expect(audit.at(-1)).toMatchObject({
        action: 'acknowledgement_expired',
        fromStatus: 'acknowledged',
        toStatus: 'open',
      });
      expect(
        h.emitted.filter((e) => e.type === 'TicketAcknowledgementExpired').map((e) => e.ticket.id),
      ).toContain(ticket.id);
      await h.escalations.fireDue(Date.now() + 2 * HOUR + 2 * MIN);
      // acknowledged before its first step: the chain re-armed at the expiry starts from step 1
      expect(await escalated(ticket.id)).toEqual([expect.stringContaining('step 1/3')]);
    });
  });

  describe('device silence is not recovery', () => {
    it('keeps a silent device’s predictive ticket open, marks it and suspects an outage; resumes when it reports', async () => {
      const ticket = await openTicket();
      const lastSeen = T0 + 20 * MIN;
      await h.processor.apply(silent('acme', device, lastSeen));
      const { ticket: marked, audit } = await h.service.get(ticket.id);
      expect(marked).toMatchObject({ status: 'open', deviceSilentSince: lastSeen });
      expect(audit.at(-1)).toMatchObject({ action: 'outage_suspected', actor: 'system' });
      const outage = h.emitted.find((e) => e.type === 'OutageSuspected')!;
      expect(outage.details).toEqual({ deviceSilentSince: new Date(lastSeen).toISOString() });
      // the outage escalates at once (its next step is due now)
      expect((await h.noc.lockEscalation(h.db, ticket.id))!.nextAt).toBeLessThanOrEqual(Date.now());

      // days of event time go by (other devices report): nothing auto-resolves it
      await h.processor.apply(newEvent('anomaly', T0 + 3 * 24 * HOUR, { device: `${device}-other` }));
      expect(await h.processor.resolveDue('acme', device, T0 + 3 * 24 * HOUR)).toBe(0);
      expect((await h.service.get(ticket.id)).ticket.status).toBe('open');
      // a repeated silence (a restarted detector) changes nothing
      await h.processor.apply(silent('acme', device, lastSeen, lastSeen + 16 * MIN));
      expect((await h.service.get(ticket.id)).ticket.version).toBe(marked.version);

      const back = T0 + 3 * 24 * HOUR + 5 * MIN;
      await h.processor.apply(reporting('acme', device, back, lastSeen));
      const { ticket: resumed } = await h.service.get(ticket.id);
      expect(resumed).toMatchObject({ status: 'open', deviceSilentSince: null, reportingSince: back });
      // normal handling again: the silence rule counts from when it came back
      expect(await h.processor.resolveDue('acme', device, back + 5 * HOUR)).toBe(0);
      expect(await h.processor.resolveDue('acme', device, back + 6 * HOUR)).toBe(1);
    });

    it('a silent device without a ticket gets a device_silent ticket, resolved when it reports again', async () => {
      await h.processor.apply(silent('acme', device, T0));
      const [ticket] = (await h.service.list({ device }, 10, null)).items;
      expect(ticket).toMatchObject({
        failureMode: 'device_silent',
        severity: 'major',
        status: 'open',
        deviceSilentSince: T0,
      });
      expect(ticket.evidence[0]).toMatchObject({ component: 'silence', metric: 'telemetry' });
      await h.processor.apply(reporting('acme', device, T0 + HOUR, T0));
      expect((await h.service.get(ticket.id)).ticket).toMatchObject({
        status: 'resolved',
        resolution: 'auto',
      });
      // silent again: a new episode, a new ticket; resolved by the NOC, then reported again by a restarted
      // detector (same last point): no third ticket
      await h.processor.apply(silent('acme', device, T0 + 2 * HOUR));
      const [again] = (await h.service.list({ device, status: 'open' }, 10, null)).items;
      expect(again.id).not.toBe(ticket.id);
      await h.service.resolve(again.id, { actor: 'alice', comment: 'taken out of service' });
      await h.processor.apply(silent('acme', device, T0 + 2 * HOUR, T0 + 2 * HOUR + 20 * MIN));
      expect((await h.service.list({ device }, 10, null)).total).toBe(2);
    });

    it('DEVICE_SILENT_TICKETS lists the tenants that want device_silent tickets', async () => {
      const only = await newTicketsHarness({ DEVICE_SILENT_TICKETS: 'acme' });
      try {
        await only.processor.apply(silent('acme', 'r1', T0));
        await only.processor.apply(silent('other', 'r1', T0));
        expect((await only.service.list({ tenant: 'acme' }, 10, null)).total).toBe(1);
        expect((await only.service.list({ tenant: 'other' }, 10, null)).total).toBe(0);
      } finally {
        await only.close();
      }
    });
  });

  describe('maintenance windows', () => {
    const WEEKLY_PARIS = {
      start: '2027-03-21T01:30',
      durationMinutes: 120,
      timeZone: 'Europe/Paris',
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      comment: 'weekly firmware window',
    };

    const addWindow = async (fields: Partial<typeof WEEKLY_PARIS> & { devices?: string[] | null }) => {
      const window = await h.noc.insertWindow({
        id: crypto.randomUUID(),
        tenant: 'acme',
        devices: null,
        site: null,
        ...WEEKLY_PARIS,
        rrule: WEEKLY_PARIS.rrule,
        ...fields,
        createdBy: 'spec',
        createdAt: Date.now(),
        updatedAt: Date.now(),
        version: 1,
      });
      await h.state.refresh();
      return window;
    };

    it('a refresh that began before a window was created does not drop it when it ends last', async () => {
      // the sweep's refresh reads the windows slowly, an API change's refresh starts later and ends first
      let release!: () => void;
      const slow = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      const repository = Object.create(h.noc) as NocRepository;
      repository.listWindows = async (tenant?: string | null) => {
        const windows = await h.noc.listWindows(tenant);
        if (++calls === 1) await slow;
        return windows;
      };
      const state = new NocState(repository, new InMemoryChannel());
      const sweep = state.refresh();
      await new Promise((resolve) => setTimeout(resolve, 20)); // the sweep has read the windows
      const window = await h.noc.insertWindow({
        id: crypto.randomUUID(),
        tenant: 'acme',
        devices: [`${device}-race`],
        site: null,
        ...WEEKLY_PARIS,
        createdBy: 'spec',
        createdAt: Date.now(),
        updatedAt: Date.now(),
        version: 1,
      });
      await state.refresh();
      release();
      await sweep;
      expect(state.windows.map((w) => w.id)).toContain(window.id);
      await h.noc.deleteWindow(window.id);
      await h.state.refresh();
    });

    it('a weekly Paris window suppresses its devices’ tickets before and after the DST change, and no others', async () => {
      const inScope = `${device}-in`;
      const outOfScope = `${device}-out`;
      const window = await addWindow({ devices: [inScope] });
      try {
        // Sunday 21 March 2027 (CET): 01:30 Paris = 00:30Z; clocks go forward on 28 March; Sunday 4 April
        // (CEST): 01:30 Paris = 23:30Z on Saturday 3 April
        for (const start of [Date.UTC(2027, 2, 21, 0, 35), Date.UTC(2027, 3, 3, 23, 35)]) {
          for (const m of [0, 5, 10, 15]) {
            await h.processor.apply(newEvent('anomaly', start + m * MIN, { device: inScope }));
            await h.processor.apply(newEvent('anomaly', start + m * MIN, { device: outOfScope }));
          }
          expect((await h.service.list({ device: inScope }, 10, null)).total).toBe(0);
          const out = await h.service.list({ device: outOfScope, status: 'open' }, 10, null);
          expect(out.total).toBe(1);
          await h.service.resolve(out.items[0].id, { actor: 'spec', comment: null });
          // a recovery ends each incident so the next one starts clean
          await h.processor.apply(newEvent('recovered', start + 20 * MIN, { device: inScope }));
        }
        const suppressed = await h.noc.listSuppressed({ device: inScope }, 100, null);
        expect(suppressed).toHaveLength(8);
        expect(new Set(suppressed.map((s) => s.windowId))).toEqual(new Set([window.id]));
        // 22:00Z on Saturday 3 April is outside it (in winter time it would have been inside the Sunday
        // 00:30Z occurrence's hour before): a ticket
        const before = Date.UTC(2027, 3, 3, 22, 0);
        for (const m of [0, 5, 10, 15])
          await h.processor.apply(newEvent('anomaly', before + m * MIN, { device: inScope }));
        expect((await h.service.list({ device: inScope }, 10, null)).total).toBe(1);
      } finally {
        await h.noc.deleteWindow(window.id);
        await h.state.refresh();
      }
    });

    it('a condition still abnormal when its window ends gets its ticket at once, without a new hold', async () => {
      const start = Date.UTC(2027, 2, 21, 0, 35); // inside the 21 March occurrence
      const window = await addWindow({ devices: [device] });
      try {
        for (const m of [0, 5, 10, 15, 20])
          await h.processor.apply(newEvent('anomaly', start + m * MIN, { device }));
        expect((await h.service.list({ device }, 10, null)).total).toBe(0);
        // the wall-clock sweep at the end of the window (event time is the device's): opens it now
        expect(await h.processor.openAfterWindow('acme', device, Date.UTC(2027, 2, 21, 2, 31))).toBe(true);
        const [ticket] = (await h.service.list({ device }, 10, null)).items;
        expect(ticket.status).toBe('open');
        expect((await h.service.get(ticket.id)).audit[0].comment).toMatch(
          /^still abnormal when its maintenance window ended/,
        );
      } finally {
        await h.noc.deleteWindow(window.id);
        await h.state.refresh();
      }
    });

    it('with events only (a replay), the first abnormal event after the window opens the ticket at once', async () => {
      const start = Date.UTC(2027, 2, 21, 2, 0);
      const window = await addWindow({ devices: [device] });
      try {
        for (const m of [0, 5, 10, 15, 20])
          await h.processor.apply(newEvent('anomaly', start + m * MIN, { device }));
        expect((await h.service.list({ device }, 10, null)).total).toBe(0);
        await h.processor.apply(newEvent('anomaly', Date.UTC(2027, 2, 21, 2, 31), { device }));
        expect((await h.service.list({ device }, 10, null)).total).toBe(1);
      } finally {
        await h.noc.deleteWindow(window.id);
        await h.state.refresh();
      }
    });

    it('a recovery inside the window means no ticket at its end', async () => {
      const start = Date.UTC(2027, 2, 21, 0, 35);
      const window = await addWindow({ devices: [device] });
      try {
        for (const m of [0, 5, 10]) await h.processor.apply(newEvent('anomaly', start + m * MIN, { device }));
        await h.processor.apply(newEvent('recovered', start + 40 * MIN, { device }));
        expect(await h.processor.openAfterWindow('acme', device, Date.UTC(2027, 2, 21, 2, 31))).toBe(false);
        expect((await h.service.list({ device }, 10, null)).total).toBe(0);
      } finally {
        await h.noc.deleteWindow(window.id);
        await h.state.refresh();
      }
    });

    it('a planned reboot inside a window opens no device_silent ticket', async () => {
      const window = await addWindow({ devices: [device] });
      try {
        await h.processor.apply(
          silent('acme', device, Date.UTC(2027, 2, 21, 0, 40), Date.UTC(2027, 2, 21, 0, 55)),
        );
        expect((await h.service.list({ device }, 10, null)).total).toBe(0);
        expect((await h.noc.listSuppressed({ device }, 10, null))[0]).toMatchObject({
          type: 'device_silent',
        });
      } finally {
        await h.noc.deleteWindow(window.id);
        await h.state.refresh();
      }
    });

    it('an open ticket does not escalate while its device is in maintenance', async () => {
      const ticket = await openTicket();
      const t0 = await armedAt(ticket.id);
      const now = Date.now();
      const local = new Date(now - 10 * MIN).toISOString().slice(0, 16); // began 10 min ago (UTC)
      const window = await addWindow({
        devices: [device],
        start: local,
        timeZone: 'UTC',
        rrule: undefined,
        durationMinutes: 60,
      });
      await h.noc.db.query('UPDATE maintenance_windows SET rrule = NULL WHERE id = $1', [window.id]);
      await h.state.refresh();
      try {
        expect(await h.escalations.fireDue(Math.max(t0, now))).toBe(0);
        const next = (await h.noc.lockEscalation(h.db, ticket.id))!.nextAt!;
        expect(next).toBeGreaterThanOrEqual(now + 49 * MIN); // waits for the window's end
      } finally {
        await h.noc.deleteWindow(window.id);
        await h.state.refresh();
      }
    });
  });

  describe('retired devices', () => {
    const retiredSet = () => {
      const last = h.control.filter((m) => m.topic === CONTROL_TOPICS.retired).at(-1);
      return last ? (JSON.parse(last.payload.toString()) as { devices: unknown[] }).devices : null;
    };

    it('a retired device’s open tickets resolve, nothing opens for it, the detectors are told; undo restores', async () => {
      const ticket = await openTicket();
      const other = await openTicket(`${device}-b`);
      const { record, resolvedTickets } = await h.retired.retire(
        'acme',
        device,
        'replaced by rtr-99',
        'alice',
      );
      expect(resolvedTickets).toEqual([ticket.id]);
      expect(record).toMatchObject({
        tenant: 'acme',
        device,
        comment: 'replaced by rtr-99',
        retiredBy: 'alice',
      });
      const { ticket: resolved, audit } = await h.service.get(ticket.id);
      expect(resolved.status).toBe('resolved');
      expect(audit.at(-1)).toMatchObject({ actor: 'alice', comment: 'device retired: replaced by rtr-99' });
      // the notifier tells the customer the equipment left service, not that it is back to normal
      const resolvedEvent = h.emitted.find((e) => e.type === 'TicketResolved' && e.ticket.id === ticket.id);
      expect(resolvedEvent!.details).toEqual({ retired: true });
      expect((await h.service.get(other.id)).ticket.status).toBe('open');
      expect(retiredSet()).toContainEqual({ tenant: 'acme', device });

      // its late events and its silence open nothing; a second retirement keeps the first record
      const late = newEvent('forecast', T0 + HOUR, { device, tenant: 'acme', metric: 'temperature' });
      expect(await h.processor.apply(late)).toBe('retired');
      expect(await h.processor.apply(silent('acme', device, T0 + HOUR))).toBe('retired');
      expect((await h.service.list({ tenant: 'acme', device, status: 'open' }, 10, null)).items).toEqual([]);
      const again = await h.retired.retire('acme', device, 'second call', 'bob');
      expect(again).toEqual({ record, resolvedTickets: [] });
      expect((await h.retired.list('acme')).filter((r) => r.device === device)).toEqual([record]);

      await h.retired.undo('acme', device, 'alice');
      expect(retiredSet()).not.toContainEqual({ tenant: 'acme', device });
      await expect(h.retired.undo('acme', device, 'alice')).rejects.toThrow(/is not retired/);
      const back = await openTicket(device, 'acme', T0 + 2 * HOUR);
      expect(back.status).toBe('open');
      // the later specs count escalations due: nothing of this one stays armed
      for (const id of [other.id, back.id]) await h.service.resolve(id, { actor: 'alice', comment: null });
    });
  });

  describe('silences', () => {
    it('"until resolved" ends when its ticket resolves; what it covered and still fails is re-notified', async () => {
      const thermal = await openTicket(device, 'acme', T0, 'temperature');
      const silence = await h.silences.create(
        { tenant: 'acme', device, site: null, failureMode: null, comment: 'known, fix booked', endsAt: null },
        'alice',
      );
      expect(silence.ticketIds).toEqual([thermal.id]);
      // another failure of the same device while silenced: it opens, marked silenced, and does not escalate
      const optical = await openTicket(device, 'acme', T0 + 2 * HOUR, 'optical_rx_power');
      expect(h.emitted.find((e) => e.type === 'TicketOpened' && e.ticket.id === optical.id)!.details).toEqual(
        {
          silencedBy: [silence.id],
        },
      );
      expect(await h.escalations.fireDue(Date.now() + MIN)).toBe(0);

      expect(await h.silences.endDue(Date.now())).toBe(0); // its ticket is still open
      await h.service.resolve(thermal.id, { actor: 'alice', comment: 'fan replaced' });
      expect(await h.silences.endDue(Date.now())).toBe(1);
      expect((await h.silences.get(silence.id)).expiredAt).not.toBeNull();
      const renotified = h.emitted.filter((e) => e.type === 'TicketRenotified');
      expect(renotified.map((e) => e.ticket.id)).toEqual([optical.id]);
      expect(renotified[0].details).toEqual({ silence: silence.id, reason: 'its tickets resolved' });
      expect(await h.escalations.fireDue(Date.now() + 2 * MIN)).toBeGreaterThan(0);
    });

    it('a timed silence that passes re-notifies what still fails; expiring one early does the same', async () => {
      const ticket = await openTicket();
      const timed = await h.silences.create(
        {
          tenant: 'acme',
          device,
          site: null,
          failureMode: 'overheating',
          comment: 'vendor working on it',
          endsAt: Date.now() + 1000,
        },
        'alice',
      );
      expect(await h.silences.endDue(Date.now())).toBe(0);
      expect(await h.silences.endDue(Date.now() + 2 * SECOND)).toBe(1);
      expect(h.emitted.filter((e) => e.type === 'TicketRenotified').map((e) => e.ticket.id)).toEqual([
        ticket.id,
      ]);
      expect((await h.silences.get(timed.id)).expiredBy).toBe('system');

      h.emitted.length = 0;
      const early = await h.silences.create(
        {
          tenant: 'acme',
          device,
          site: null,
          failureMode: null,
          comment: 'looking',
          endsAt: Date.now() + HOUR,
        },
        'alice',
      );
      await h.silences.expire(early.id, 'bob');
      expect(h.emitted.filter((e) => e.type === 'TicketRenotified')).toHaveLength(1);
      expect((await h.silences.get(early.id)).expiredBy).toBe('bob');
    });

    it('a recovered ticket is not re-notified', async () => {
      const ticket = await openTicket();
      await h.processor.apply(newEvent('recovered', T0 + 40 * MIN, { device }));
      const s = await h.silences.create(
        { tenant: 'acme', device, site: null, failureMode: null, comment: 'x', endsAt: Date.now() + HOUR },
        'alice',
      );
      await h.silences.expire(s.id, 'alice');
      expect(
        h.emitted.filter((e) => e.type === 'TicketRenotified' && e.ticket.id === ticket.id),
      ).toHaveLength(0);
    });
  });
});
