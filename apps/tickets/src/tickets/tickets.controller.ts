import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { actorOf, canSeeTenant, CurrentPrincipal, type Principal, Roles } from '@preempt/access';
import type { Response } from 'express';

import type { AuditRecord, TicketRecord } from '../storage/ticket.record';
import { TicketNotFoundError } from './ticket.errors';
import {
  checkTicketId,
  type TicketDetailResponseDto,
  type TicketListResponseDto,
  toAssignment,
  toExpectedVersion,
  toTicketAction,
  toTicketDetailDto,
  toTicketDto,
  toTicketListQuery,
} from './tickets.dto';
import { TicketsService } from './tickets.service';

type Header = string | string[] | undefined;

/** The optimistic version check of the state changes. */
const IfMatch = ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'the version it was read at ("3"): 409 if it changed',
});

const COMMENT_BODY = {
  type: 'object',
  properties: { comment: { type: 'string', maxLength: 2000 } },
  additionalProperties: false,
};

@Controller('api/v1/tickets')
@ApiTags('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  /** A customer key lists its own tenant's tickets only, whatever `tenant` says. */
  @Get()
  @ApiOperation({ summary: 'Tickets, predicted breach first: {items, total, nextCursor}' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'acknowledged', 'resolved'] })
  @ApiQuery({ name: 'severity', required: false, enum: ['critical', 'major', 'minor'] })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({ name: 'device', required: false })
  @ApiQuery({ name: 'assignee', required: false, description: 'a name, or `none` for unassigned tickets' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TicketListResponseDto> {
    const { filter, limit, cursor } = toTicketListQuery(query);
    if (principal.tenant !== null) {
      if (filter.tenant !== undefined && filter.tenant !== principal.tenant)
        return { items: [], total: 0, nextCursor: null };
      filter.tenant = principal.tenant;
    }
    const page = await this.tickets.list(filter, limit, cursor);
    return { items: page.items.map(toTicketDto), total: page.total, nextCursor: page.nextCursor };
  }

  /** Another tenant's ticket does not exist for a customer key (404, as an unknown id). */
  @Get(':id')
  @ApiOperation({ summary: 'One ticket with its audit trail (ETag: its version)' })
  async get(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketDetailResponseDto> {
    const found = await this.tickets.get(checkTicketId(id));
    if (!canSeeTenant(principal, found.ticket.tenant)) throw new TicketNotFoundError(id);
    return detail(res, found);
  }

  @Post(':id/acknowledge')
  @ApiOperation({ summary: 'Acknowledge an open ticket (admin, noc)' })
  @IfMatch
  @ApiBody({ required: false, schema: COMMENT_BODY })
  @HttpCode(200)
  @Roles('admin', 'noc')
  acknowledge(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: Header,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketDetailResponseDto> {
    return this.transition('acknowledge', id, body, actorOf(principal), ifMatch, res);
  }

  @Post(':id/resolve')
  @ApiOperation({
    summary:
      'Resolve a ticket (admin, noc); {"falsePositive": true, "comment"} marks it wrong and creates a feedback rule',
  })
  @IfMatch
  @ApiBody({
    required: false,
    schema: {
      type: 'object',
      properties: {
        comment: { type: 'string', maxLength: 2000 },
        falsePositive: { type: 'boolean', description: 'the ticket was wrong (comment required)' },
      },
      additionalProperties: false,
    },
  })
  @HttpCode(200)
  @Roles('admin', 'noc')
  resolve(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: Header,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketDetailResponseDto> {
    return this.transition('resolve', id, body, actorOf(principal), ifMatch, res);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a ticket (admin, noc)' })
  @ApiBody({ schema: { ...COMMENT_BODY, required: ['comment'] } })
  @HttpCode(201)
  @Roles('admin', 'noc')
  async comment(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketDetailResponseDto> {
    const input = toTicketAction(body, actorOf(principal), { commentRequired: true });
    return detail(res, await this.tickets.comment(checkTicketId(id), { ...input, comment: input.comment! }));
  }

  /** `{"assignee": "alice"}` gives the ticket to alice, `{"assignee": null}` to nobody; not when resolved (409). */
  @Post(':id/assign')
  @ApiOperation({ summary: 'Assign a ticket to an engineer, or unassign it with null (admin, noc)' })
  @IfMatch
  @ApiBody({
    schema: {
      type: 'object',
      required: ['assignee'],
      properties: {
        assignee: { type: 'string', nullable: true, maxLength: 100, example: 'alice' },
        comment: { type: 'string', maxLength: 2000 },
      },
      additionalProperties: false,
    },
  })
  @HttpCode(200)
  @Roles('admin', 'noc')
  async assign(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: Header,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketDetailResponseDto> {
    const input = { ...toAssignment(body, actorOf(principal)), expectedVersion: toExpectedVersion(ifMatch) };
    return detail(res, await this.tickets.assign(checkTicketId(id), input));
  }

  /** acknowledge and resolve: same body, actor and optimistic version; only the transition differs. */
  private async transition(
    action: 'acknowledge' | 'resolve',
    id: string,
    body: unknown,
    actor: string,
    ifMatch: Header,
    res: Response,
  ): Promise<TicketDetailResponseDto> {
    const input = {
      ...toTicketAction(body, actor, { commentRequired: false, falsePositive: action === 'resolve' }),
      expectedVersion: toExpectedVersion(ifMatch),
    };
    return detail(res, await this.tickets[action](checkTicketId(id), input));
  }
}

function detail(
  res: Response,
  { ticket, audit }: { ticket: TicketRecord; audit: AuditRecord[] },
): TicketDetailResponseDto {
  res.setHeader('ETag', `"${ticket.version}"`);
  return toTicketDetailDto(ticket, audit);
}
