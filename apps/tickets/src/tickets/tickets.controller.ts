import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';

import type { AuditRecord, TicketRecord } from '../storage/ticket.record';
import {
  checkTicketId,
  type TicketDetailResponseDto,
  type TicketListResponseDto,
  toExpectedVersion,
  toTicketAction,
  toTicketDetailDto,
  toTicketDto,
  toTicketListQuery,
} from './tickets.dto';
import { TicketsService } from './tickets.service';

type Header = string | string[] | undefined;

@Controller('api/v1/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<TicketListResponseDto> {
    const { filter, limit, cursor } = toTicketListQuery(query);
    const page = await this.tickets.list(filter, limit, cursor);
    return { items: page.items.map(toTicketDto), total: page.total, nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketDetailResponseDto> {
    return detail(res, await this.tickets.get(checkTicketId(id)));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('x-actor') actor: Header,
    @Headers('if-match') ifMatch: Header,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketDetailResponseDto> {
    return this.transition('acknowledge', id, body, actor, ifMatch, res);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('x-actor') actor: Header,
    @Headers('if-match') ifMatch: Header,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketDetailResponseDto> {
    return this.transition('resolve', id, body, actor, ifMatch, res);
  }

  @Post(':id/comments')
  @HttpCode(201)
  async comment(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('x-actor') actor: Header,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketDetailResponseDto> {
    const input = toTicketAction(body, actor, { commentRequired: true });
    return detail(res, await this.tickets.comment(checkTicketId(id), { ...input, comment: input.comment! }));
  }
  /** acknowledge and resolve: same body, actor and optimistic version; only the transition differs. */
  private async transition(
    action: 'acknowledge' | 'resolve',
    id: string,
    body: unknown,
    actor: Header,
    ifMatch: Header,
    res: Response,
  ): Promise<TicketDetailResponseDto> {
    const input = {
      ...toTicketAction(body, actor, { commentRequired: false }),
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
