import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { actorOf, canSeeTenant, CurrentPrincipal, type Principal, Roles } from '@preempt/access';
import { NotFoundError } from '@preempt/common';

import { optionalId, tenantFilter } from '../maintenance/maintenance-windows.controller';
import { checkUuid } from '../maintenance/maintenance-windows.dto';
import { NocState } from '../operations/noc-state';
import { type FeedbackRecord, NocRepository } from '../storage/noc.repository';
import { TicketRepository } from '../storage/ticket.repository';
import { rejectUnknown } from '../tickets/tickets.dto';

export interface FeedbackDto {
  id: string;
  tenant: string;
  device: string;
  failureMode: string;
  metrics: string[];
  ticketId: string;
  comment: string;
  /** what the rule does, in words */
  rule: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  /** in force now: neither expired nor undone */
  active: boolean;
  revokedAt: string | null;
  revokedBy: string | null;
}

/**
 * False-positive feedback (README "False-positive feedback"): the rules created by resolving tickets with
 * `{"falsePositive": true}`; DELETE undoes one (the detectors drop it at once).
 */
@Controller('api/v1/feedback')
@ApiTags('feedback')
export class FeedbackController {
  constructor(
    private readonly noc: NocRepository,
    private readonly tickets: TicketRepository,
    private readonly state: NocState,
  ) {}

  @Get()
  @ApiOperation({ summary: 'False-positive feedback rules, newest first: {items}' })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({ name: 'device', required: false })
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: FeedbackDto[] }> {
    rejectUnknown(query, ['tenant', 'device'], 'query parameter');
    const tenant = tenantFilter(query.tenant, principal) ?? undefined;
    const device = optionalId(query.device, 'device');
    const now = Date.now();
    return { items: (await this.noc.listFeedback({ tenant, device })).map((f) => toFeedbackDto(f, now)) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Undo a feedback rule: the series needs what it needed before (admin, noc)' })
  @HttpCode(200)
  @Roles('admin', 'noc')
  async undo(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<FeedbackDto> {
    const actor = actorOf(principal);
    const ruleId = checkUuid(id, 'feedback');
    const now = Date.now();
    const rule = await this.noc.db.transaction(async (tx) => {
      const found = await this.noc.findFeedback(ruleId, tx, true);
      if (!found || !canSeeTenant(principal, found.tenant))
        throw new NotFoundError(`feedback ${id} does not exist`);
      const revoked = await this.noc.revokeFeedback(tx, ruleId, now, actor);
      if (!revoked) return found; // undone before: nothing changes
      await this.tickets.appendAudit(
        tx,
        found.ticketId,
        { action: 'feedback_revoked', actor, comment: `feedback ${found.id} undone` },
        now,
      );
      return revoked;
    });
    await this.state.refresh();
    return toFeedbackDto(rule, now);
  }
}

export function toFeedbackDto(f: FeedbackRecord, now: number): FeedbackDto {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: f.id,
    tenant: f.tenant,
    device: f.device,
    failureMode: f.failureMode,
    metrics: f.metrics,
    ticketId: f.ticketId,
    comment: f.comment,
    rule:
      `until ${iso(f.expiresAt)}, ${f.failureMode} evidence on ${f.metrics.join(', ')} of ${f.device} counts only ` +
      "beyond the metric's warning limit (metrics without limits: not at all)",
    createdBy: f.createdBy,
    createdAt: iso(f.createdAt)!,
    expiresAt: iso(f.expiresAt)!,
    active: f.revokedAt === null && f.expiresAt > now,
    revokedAt: iso(f.revokedAt),
    revokedBy: iso(f.revokedAt) === null ? null : f.revokedBy,
  };
}
