import { Logger } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';
import {
  parseTicketLifecycleMessage,
  TICKET_LIFECYCLE_PATTERN,
  type TicketLifecycleMessage,
} from '@preempt/contracts';
import { InMemoryChannel } from '@preempt/messaging';

import { MIN, newEvent, T0 } from '../../test/correlation.factory';
import { newTicketsHarness } from '../../test/tickets-service.factory';
import { OutboxRelay } from './outbox-relay';

describe('the outbox relay: lifecycle events from ticket_events onto the app channel', () => {
  let h: Awaited<ReturnType<typeof newTicketsHarness>>;
  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    h = await newTicketsHarness();
  }, 60_000);
  afterAll(() => h?.close());

  it('publishes each event once, in order, as the contract says, keyed by ticket; one relay holds the lease', async () => {
    const channel = new InMemoryChannel();
    const received: { topic: string; key: string; message: TicketLifecycleMessage }[] = [];
    channel.consume([TICKET_LIFECYCLE_PATTERN], (m) => {
      const parsed = parseTicketLifecycleMessage(m.payload);
      if (!parsed.ok) throw new Error(parsed.reason);
      received.push({ topic: m.topic, key: m.key, message: parsed.message });
      return Promise.resolve();
    });
    await channel.start();
    const relay = () => new OutboxRelay(h.events, channel, h.config, h.lifecycle, new MetricsRegistry());
    const first = relay();
    const second = relay();

    for (const m of [0, 5, 10, 15])
      await h.processor.apply(newEvent('forecast', T0 + m * MIN, { device: 'r1' }));
    const [ticket] = (await h.service.list({ device: 'r1' }, 10, null)).items;
    await h.service.acknowledge(ticket.id, { actor: 'alice', comment: 'on it' });

    expect(await first.relayAll()).toBe(2);
    expect(await second.relayAll()).toBe(0); // the lease is the first relay's
    expect(await first.relayAll()).toBe(0); // nothing new
    expect(received.map((r) => r.message.type)).toEqual(['TicketOpened', 'TicketAcknowledged']);
    expect(received[0]).toMatchObject({
      topic: `ticket-events/acme/${ticket.id}`,
      key: ticket.id,
      message: {
        actor: 'system',
        ticket: {
          id: ticket.id,
          tenant: 'acme',
          device: 'r1',
          severity: 'major',
          predictedBreachBand: expect.any(Object),
        },
      },
    });
    expect(received[1].message).toMatchObject({
      actor: 'alice',
      comment: 'on it',
      ticket: { status: 'acknowledged' },
    });
    expect(received[1].message.id).toBeGreaterThan(received[0].message.id);

    // the first process stops (its lease is released): the second one relays what follows
    await first.onApplicationShutdown();
    await h.service.comment(ticket.id, { actor: 'alice', comment: 'parts ordered' });
    expect(await second.relayAll()).toBe(1);
    expect(received.map((r) => r.message.type)).toEqual([
      'TicketOpened',
      'TicketAcknowledged',
      'TicketCommented',
    ]);
  });
});
