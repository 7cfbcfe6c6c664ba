import { Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '@preempt/common';

import { NocState } from '../operations/noc-state';
import { NocRepository, type RetiredRecord } from '../storage/noc.repository';
import { InvalidTransitionError } from '../tickets/ticket.errors';
import { TicketsService } from '../tickets/tickets.service';

// open tickets of one device resolved by a retirement (a device has a handful; this bounds a runaway)
const MAX_RESOLVED = 1000;

/**
 * Retiring a device (decommissioned, replaced, moved out of the fleet): nothing opens for it any more, its
 * open tickets are resolved with the retirement's comment, and the detectors drop its points and forget its
 * models and silence (control message). Undone by deleting the retirement: the device then starts afresh.
 */
@Injectable()
export class RetiredDevicesService {
  private readonly logger = new Logger(RetiredDevicesService.name);

  constructor(
    private readonly noc: NocRepository,
    private readonly tickets: TicketsService,
    private readonly state: NocState,
  ) {}

  /** Retires the device (idempotent: a second call keeps the first record) and resolves its open tickets. */
  async retire(
    tenant: string,
    device: string,
    comment: string,
    actor: string,
  ): Promise<{ record: RetiredRecord; resolvedTickets: string[] }> {
    const created = await this.noc.insertRetired(this.noc.db, {
      tenant,
      device,
      comment,
      retiredBy: actor,
      retiredAt: Date.now(),
    });
    // the cache first: from here on an event of the device opens nothing, so the resolutions below stay
    await this.state.refresh();
    const resolvedTickets: string[] = [];
    for (const status of ['open', 'acknowledged'] as const) {
      const { items } = await this.tickets.list({ tenant, device, status }, MAX_RESOLVED, null);
      for (const ticket of items) {
        try {
          await this.tickets.resolve(ticket.id, {
            actor,
            comment: `device retired: ${comment}`,
            retired: true,
          });
          resolvedTickets.push(ticket.id);
        } catch (error) {
          if (!(error instanceof InvalidTransitionError)) throw error; // resolved meanwhile
        }
      }
    }
    if (created)
      this.logger.log(
        `Device ${tenant}/${device} retired by ${actor}; ${resolvedTickets.length} open ticket(s) resolved`,
      );
    return { record: (await this.noc.findRetired(tenant, device))!, resolvedTickets };
  }

  /** Undoes a retirement: the device's next points start afresh. */
  async undo(tenant: string, device: string, actor: string): Promise<void> {
    if (!(await this.noc.deleteRetired(tenant, device)))
      throw new NotFoundError(`device ${tenant}/${device} is not retired`);
    await this.state.refresh();
    this.logger.log(`Retirement of ${tenant}/${device} undone by ${actor}`);
  }

  find(tenant: string, device: string): Promise<RetiredRecord | null> {
    return this.noc.findRetired(tenant, device);
  }

  list(tenant: string | null): Promise<RetiredRecord[]> {
    return this.noc.listRetired(tenant);
  }
}
