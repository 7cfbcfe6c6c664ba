import { Logger } from '@nestjs/common';

import { expectEventually } from '../../../../tests/harness/expect-eventually';
import { MIN, newEvent, T0 } from '../../test/correlation.factory';
import { newTicketsHarness } from '../../test/tickets-service.factory';
import { TicketEventFeed, type TicketEventSink, type TicketEventsReset } from './ticket-event.feed';
import type { TicketEventDto } from './ticket-events.dto';

type Harness = Awaited<ReturnType<typeof newTicketsHarness>>;

/** A client of the feed that keeps what it was sent. */
class ListSink implements TicketEventSink {
  readonly events: TicketEventDto[] = [];
  readonly resets: TicketEventsReset[] = [];
  readonly positions: number[] = [];
  isClosed = false;
  private readonly listeners: (() => void)[] = [];

  position(id: number): void {
    this.positions.push(id);
  }
  send(event: TicketEventDto): void {
    this.events.push(event);
  }
  reset(reset: TicketEventsReset): void {
    this.resets.push(reset);
  }
  drained(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }
  onClose(listener: () => void): void {
    this.listeners.push(listener);
  }
  close(): void {
    this.isClosed = true;
    for (const listener of this.listeners.splice(0)) listener();
  }
  get ids(): number[] {
    return this.events.map((e) => e.id);
  }
}

describe('ticket events: the outbox in the change transaction, and the live feed over it (PGlite)', () => {
  let h: Harness;
  let feed: TicketEventFeed;
  const sinks: ListSink[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(['warn', 'error']);
    h = await newTicketsHarness();
    feed = new TicketEventFeed(h.events, h.lifecycle, h.metrics);
    feed.onModuleInit();
  }, 60_000);

  afterAll(async () => {
    feed?.onModuleDestroy();
    await h?.close();
  });

  afterEach(() => {
    for (const sink of sinks.splice(0)) sink.close();
    expect(feed.listeners).toBe(0);
  });

  const connect = async (tenant: string | null, lastEventId: number | null) => {
    const sink = new ListSink();
    sinks.push(sink);
    await feed.subscribe(sink, tenant, lastEventId);
    return sink;
  };

  let devices = 0;
  const openTicket = async (tenant = 'acme') => {
    const device = `rtr-${++devices}`;
    for (const m of [0, 5, 10, 15])
      await h.processor.apply(newEvent('forecast', T0 + m * MIN, { tenant, device }));
    return (await h.service.list({ tenant, device }, 1, null)).items[0];
  };

  const storedIds = async (after: number) =>
    (
      await h.db.query<{ id: string }>('SELECT id FROM ticket_events WHERE id > $1 ORDER BY id', [after])
    ).rows.map((r) => Number(r.id));

  it('writes each lifecycle event in the transaction of its change, with the id it is emitted with', async () => {
    const { lastId } = await h.events.head();
    h.emitted.length = 0;
    const ticket = await openTicket();
    await h.service.comment(ticket.id, { actor: 'alice (key k1)', comment: 'looking' });
    await h.service.assign(ticket.id, { actor: 'alice (key k1)', assignee: 'alice', comment: null });
    await h.service.resolve(ticket.id, { actor: 'bob (key k2)', comment: 'done' });
    // refused changes write no event
    await expect(h.service.acknowledge(ticket.id, { actor: 'x', comment: null })).rejects.toThrow();
    await expect(h.service.assign(ticket.id, { actor: 'x', assignee: 'y', comment: null })).rejects.toThrow();

    expect(h.emitted.map((e) => e.type)).toEqual([
      'TicketOpened',
      'TicketCommented',
      'TicketAssigned',
      'TicketResolved',
    ]);
    const ids = h.emitted.map((e) => e.id);
    expect(await storedIds(lastId)).toEqual(ids);
    const [stored] = await h.events.after(ids[2] - 1, null, 1);
    expect(stored).toEqual({
      tenant: 'acme',
      dto: {
        id: ids[2],
        type: 'TicketAssigned',
        at: expect.any(String),
        actor: 'alice (key k1)',
        comment: null,
        details: null,
        ticket: expect.objectContaining({ id: ticket.id, assignee: 'alice', status: 'open', version: 2 }),
      },
    });
  });

  it('a client without a position gets the new events from now on, in order', async () => {
    const before = await openTicket();
    const sink = await connect(null, null);
    expect(sink.positions).toEqual([(await h.events.head()).lastId]);
    for (let i = 0; i < 5; i++) await h.service.comment(before.id, { actor: 'a', comment: `c${i}` });
    await expectEventually(() => expect(sink.events).toHaveLength(5));
    expect(sink.events.map((e) => [e.type, e.comment])).toEqual(
      [0, 1, 2, 3, 4].map((i) => ['TicketCommented', `c${i}`]),
    );
  });

  it('resumes after its last id: replays past pages, then the events committed meanwhile, each once', async () => {
    const ticket = await openTicket();
    const { lastId: start } = await h.events.head();
    // more than two pages of history
    await h.db.transaction((tx) =>
      h.events.append(
        tx,
        Array.from({ length: 1100 }, (_, i) => ({
          type: 'TicketCommented' as const,
          ticket,
          actor: 'history',
          at: Date.now(),
          comment: `h${i}`,
        })),
      ),
    );
    // events keep committing while the client replays
    const writing = (async () => {
      for (let i = 0; i < 30; i++) await h.service.comment(ticket.id, { actor: 'a', comment: `live${i}` });
    })();
    const sink = await connect(null, start);
    await writing;
    const expected = await storedIds(start);
    expect(expected).toHaveLength(1130);
    await expectEventually(() => expect(sink.ids).toEqual(expected));
    expect(sink.positions).toEqual([]);
    expect(sink.resets).toEqual([]);
  });

  it('an event the poller finds while the client still replays is kept and sent after the replay', async () => {
    const ticket = await openTicket();
    const { lastId: start } = await h.events.head();
    await h.service.comment(ticket.id, { actor: 'a', comment: 'before' });
    const watcher = await connect(null, null); // keeps the shared poller running
    const dispatched = jest.spyOn(feed as unknown as { dispatch(): void }, 'dispatch');
    const head = h.events.head.bind(h.events);
    let calls = 0;
    const spy = jest.spyOn(h.events, 'head').mockImplementation(async () => {
      const result = await head();
      // the replay's check after its last page: commit an event, and let the poller take it first
      if (++calls === 2) {
        dispatched.mockClear();
        await h.service.comment(ticket.id, { actor: 'a', comment: 'during' });
        await expectEventually(() => expect(dispatched).toHaveBeenCalled());
      }
      return result;
    });
    try {
      const sink = await connect(null, start);
      expect(sink.events.map((e) => e.comment)).toEqual(['before', 'during']);
      await expectEventually(() => expect(watcher.events.map((e) => e.comment)).toEqual(['during']));
    } finally {
      spy.mockRestore();
      dispatched.mockRestore();
    }
  });

  it("a customer's stream holds its own tenant's events only, replayed and live", async () => {
    const { lastId: start } = await h.events.head();
    const mine = await openTicket('mine');
    const theirs = await openTicket('theirs');
    const sink = await connect('mine', start);
    await h.service.comment(theirs.id, { actor: 'a', comment: 'not for you' });
    await h.service.comment(mine.id, { actor: 'a', comment: 'for you' });
    await expectEventually(() => expect(sink.events.map((e) => e.comment)).toContain('for you'));
    expect(sink.events.map((e) => e.ticket.tenant)).toEqual(['mine', 'mine']);
    expect(sink.events.map((e) => e.type)).toEqual(['TicketOpened', 'TicketCommented']);
  });

  it('a position older than the retention, or unknown, starts with a reset, then follows from the head', async () => {
    const ticket = await openTicket();
    const { lastId } = await h.events.head();
    expect(await h.events.prune(Date.now() + 1000)).toBeGreaterThan(0);
    expect((await h.events.head()).prunedThrough).toBe(lastId);
    expect(await storedIds(0)).toEqual([]);

    const expired = await connect(null, lastId - 1);
    expect(expired.resets).toEqual([
      { id: lastId, reason: 'expired', lastEventId: lastId - 1, detail: expect.stringContaining('reload') },
    ]);
    // the head itself was seen in full: nothing lost, no reset
    const current = await connect(null, lastId);
    const unknown = await connect(null, lastId + 1000);
    expect(unknown.resets).toEqual([expect.objectContaining({ id: lastId, reason: 'unknown' })]);

    await h.service.comment(ticket.id, { actor: 'a', comment: 'after the prune' });
    for (const sink of [expired, current, unknown])
      await expectEventually(() => expect(sink.events.map((e) => e.comment)).toEqual(['after the prune']));
    expect(current.resets).toEqual([]);
  });

  it('stops polling when the last client leaves, and starts again with the next', async () => {
    const ticket = await openTicket();
    const first = await connect(null, null);
    first.close();
    expect(feed.listeners).toBe(0);
    await h.service.comment(ticket.id, { actor: 'a', comment: 'nobody listens' });
    const second = await connect(null, null);
    await h.service.comment(ticket.id, { actor: 'a', comment: 'heard' });
    await expectEventually(() => expect(second.events.map((e) => e.comment)).toEqual(['heard']));
    expect(first.events).toEqual([]);
  });
});
