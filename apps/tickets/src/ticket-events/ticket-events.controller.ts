import { Controller, Get, Headers, Logger, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@preempt/access';
import type { Response } from 'express';

import { TicketEventFeed } from './ticket-event.feed';
import { TicketEventStream } from './ticket-event.stream';
import { toLastEventId } from './ticket-events.dto';

@Controller('api/v1/events')
@ApiTags('events')
export class TicketEventsController {
  private readonly logger = new Logger(TicketEventsController.name);

  constructor(private readonly feed: TicketEventFeed) {}

  /**
   * Server-Sent Events of the ticket lifecycle events the key may see (a customer key: its tenant's),
   * resuming after `Last-Event-ID` (or `?lastEventId=`). The response stays open until the client leaves.
   */
  @Get()
  @ApiOperation({
    summary:
      'Server-Sent Events of ticket lifecycle events (customer keys: their tenant only); resumes after Last-Event-ID',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this event id' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'as Last-Event-ID, for a first connection' })
  @ApiOkResponse({
    description:
      '`id:` row id, `event:` lifecycle type (or `reset`), `data:` {id, type, at, actor, ticket, comment}; `: heartbeat` every 15 s',
  })
  async stream(
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventIdHeader: string | string[] | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    // validated before the stream starts: a bad request still gets a problem document
    const lastEventId = toLastEventId(query, lastEventIdHeader);
    // a customer key without a tenant (none should exist) sees nothing rather than everything ('' is no tenant id)
    const tenant = principal.role === 'customer' ? (principal.tenant ?? '') : null;
    const stream = new TicketEventStream(res);
    try {
      await this.feed.subscribe(stream, tenant, lastEventId);
    } catch (error) {
      // the status line went out already: end the stream, the client reconnects with its Last-Event-ID
      this.logger.error('Ticket event stream failed', error instanceof Error ? error.stack : String(error));
      stream.close();
    }
  }
}
