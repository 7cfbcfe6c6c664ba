import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@preempt/access';

import { toNoticeListQuery } from './notices.dto';
import { NoticesService } from './notices.service';

@Controller('api/v1/notices')
@ApiTags('notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOperation({
    summary: 'Notices newest first, with each delivery and its attempts (customer: own tenant)',
  })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ['pending', 'sending', 'delivered', 'failed', 'batched', 'digested', 'cancelled'],
  })
  @ApiQuery({ name: 'ticket', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return this.notices.list(principal, toNoticeListQuery(query));
  }

  /** The same route as /api/v1/tickets/{id}/notice-preview, for deployments that route /tickets elsewhere. */
  @Get('preview')
  @ApiOperation({ summary: 'What the customer reads: ?ticket=&event=opened&language=en&timeZone=UTC' })
  preview(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return this.notices.preview(principal, String(query.ticket ?? ''), query);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(202)
  @Roles('admin', 'noc')
  @ApiOperation({ summary: 'Send a failed delivery again now (same webhook-id) (admin, noc)' })
  async retry(@Param('id') id: string): Promise<{ retried: string }> {
    await this.notices.retry(id);
    return { retried: id };
  }
}

/** The preview route; the tickets app has no route of this shape, so both live side by side. */
@Controller('api/v1/tickets')
@ApiTags('notices')
export class NoticePreviewController {
  constructor(private readonly notices: NoticesService) {}

  @Get(':id/notice-preview')
  @ApiOperation({
    summary: 'What the customer reads for this ticket: ?event=opened&language=en&timeZone=UTC',
  })
  preview(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.notices.preview(principal, id, query);
  }
}
