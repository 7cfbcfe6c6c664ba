import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidRequestError, NotFoundError } from '@preempt/common';
import type { Queryable } from '@preempt/storage';
import type { Subject } from 'rxjs';

import { NocState, silenceMatches } from '../operations/noc-state';
import { NocRepository, type SilenceRecord } from '../storage/noc.repository';
import { TicketRepository } from '../storage/ticket.repository';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import type { TicketLifecycleEvent } from '../tickets/ticket-lifecycle.event';
import { TICKET_EVENTS } from '../tokens';

export interface SilenceInput {
  tenant: string;
  device: string | null;
  site: string | null;
  failureMode: string | null;
  comment: string;
  /** null: until the tickets it matches now resolve */
  endsAt: number | null;
}

/**
 * Silences, as Alertmanager has them (README "Silences"): matchers on tenant, device, site and failure
 * mode, a mandatory comment, an end time or "until the matching tickets resolve". A silenced ticket still
 * opens and updates (its lifecycle events carry `details.silencedBy`, so notifications hold it back) but
 * does not escalate. When a silence ends (its time passed, it was expired early, or its tickets resolved),
 * every ticket it covered that is still failing is re-notified at once (TicketRenotified): an ended
 * suppression never leaves a live problem unannounced.
 */
@Injectable()
export class SilencesService {
  private readonly logger = new Logger(SilencesService.name);

  constructor(
    private readonly noc: NocRepository,
    private readonly tickets: TicketRepository,
    private readonly events: TicketEventsRepository,
    private readonly state: NocState,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
  ) {}

  async create(input: SilenceInput, actor: string): Promise<SilenceRecord> {
    const now = Date.now();
    const silence = await this.noc.db.transaction(async (tx) => {
      let ticketIds: string[] = [];
      if (input.endsAt === null) {
        ticketIds = (await this.tickets.openMatching(tx, input)).map((t) => t.id);
        if (ticketIds.length === 0)
          throw new InvalidRequestError(
            '"untilResolved": no open ticket matches these matchers; give "endsAt" instead',
            'untilResolved',
          );
      }
      return this.noc.insertSilence(tx, {
        id: randomUUID(),
        ...input,
        startsAt: now,
        untilResolved: input.endsAt === null,
        ticketIds,
        createdBy: actor,
        createdAt: now,
        expiredAt: null,
        expiredBy: null,
      });
    });
    this.logger.log(`Silence ${silence.id} (${describe(silence)}) created by ${actor}: ${silence.comment}`);
    await this.state.refresh();
    return silence;
  }

  list(filter: { tenant?: string; state?: 'active' | 'expired' }): Promise<SilenceRecord[]> {
    return this.noc.listSilences(filter);
  }

  async get(id: string): Promise<SilenceRecord> {
    const silence = await this.noc.findSilence(id);
    if (!silence) throw new NotFoundError(`silence ${id} does not exist`);
    return silence;
  }

  /** Ends the silence now (DELETE): re-notifies what it covered and is still failing. */
  async expire(id: string, actor: string): Promise<SilenceRecord> {
    const ended = await this.end(id, Date.now(), actor, 'expired early');
    return ended ?? this.get(id);
  }

  /** The sweep: silences whose time passed or whose tickets all resolved. */
  async endDue(now: number): Promise<number> {
    let ended = 0;
    for (const id of await this.noc.silencesToEnd(now)) {
      const silence = await this.noc.findSilence(id);
      const reason = silence?.untilResolved ? 'its tickets resolved' : 'its end time passed';
      if (await this.end(id, silence?.endsAt ?? now, 'system', reason)) ended++;
    }
    return ended;
  }

  private async end(id: string, at: number, actor: string, reason: string): Promise<SilenceRecord | null> {
    const result = await this.noc.db.transaction(async (tx) => {
      const silence = await this.noc.findSilence(id, tx, true);
      if (!silence) throw new NotFoundError(`silence ${id} does not exist`);
      const ended = await this.noc.endSilence(tx, id, Math.min(at, Date.now()), actor);
      if (!ended) return null; // already ended
      return { ended, events: await this.renotify(tx, ended, reason) };
    });
    if (!result) return null;
    this.logger.log(`Silence ${id} ended (${reason}); ${result.events.length} ticket(s) re-notified`);
    await this.state.refresh();
    for (const event of result.events) this.lifecycle.next(event);
    return result.ended;
  }

  /** The tickets the ended silence covered that are still failing and not under another silence. */
  private async renotify(
    tx: Queryable,
    silence: SilenceRecord,
    reason: string,
  ): Promise<TicketLifecycleEvent[]> {
    const now = Date.now();
    const others = (await this.noc.activeSilences(tx)).filter((s) => s.id !== silence.id);
    const drafts = [];
    for (const ticket of await this.tickets.openMatching(tx, silence, true)) {
      if (ticket.recoveredAt !== null && ticket.deviceSilentSince === null) continue; // back to normal
      if (others.some((s) => (s.endsAt === null || s.endsAt > now) && silenceMatches(s, ticket, ticket.site)))
        continue;
      const comment = `silence ${silence.id} ended (${reason}) and the ticket is still failing: re-notified`;
      await this.tickets.appendAudit(tx, ticket.id, { action: 'renotified', actor: 'system', comment }, now);
      drafts.push({
        type: 'TicketRenotified' as const,
        ticket,
        actor: 'system',
        at: now,
        comment,
        details: { silence: silence.id, reason },
      });
    }
    return this.events.append(tx, drafts);
  }
}

function describe(s: SilenceRecord): string {
  const matchers = [`tenant=${s.tenant}`];
  if (s.device) matchers.push(`device=${s.device}`);
  if (s.site) matchers.push(`site=${s.site}`);
  if (s.failureMode) matchers.push(`failureMode=${s.failureMode}`);
  const until =
    s.endsAt === null
      ? `until tickets ${s.ticketIds.join(', ')} resolve`
      : `until ${new Date(s.endsAt).toISOString()}`;
  return `${matchers.join(' ')} ${until}`;
}
