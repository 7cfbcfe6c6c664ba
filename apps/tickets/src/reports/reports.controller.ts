import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@preempt/access';
import { InvalidRequestError, parseInstant, singleParam } from '@preempt/common';
import { DATABASE, type Database } from '@preempt/storage';

import { tenantFilter } from '../maintenance/maintenance-windows.controller';
import { rejectUnknown } from '../tickets/tickets.dto';
import { type OperationsReport, operationsReport } from './operations-report';

const DAY = 86_400_000;
/** the period when none is given: the last 7 days */
export const DEFAULT_REPORT_DAYS = 7;
const MAX_REPORT_DAYS = 400;

/** What the NOC did with the tickets of a period (all keys; a customer key: its own tenant). */
@Controller('api/v1/reports')
@ApiTags('reports')
export class ReportsController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get('operations')
  @ApiOperation({
    summary:
      'Tickets opened in [from, to): time to acknowledge and to resolve (median, p90), resolutions, false-positive ' +
      'share, escalations, warning lead of forecasts; overall and per failure mode',
  })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'RFC 3339 or epoch ms (default: 7 days before to)',
  })
  @ApiQuery({ name: 'to', required: false, description: 'RFC 3339 or epoch ms (default: now)' })
  @ApiQuery({ name: 'tenant', required: false })
  async operations(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OperationsReport> {
    rejectUnknown(query, ['from', 'to', 'tenant'], 'query parameter');
    const to = parseInstant(singleParam(query.to, 'to'), 'to') ?? Date.now();
    const from = parseInstant(singleParam(query.from, 'from'), 'from') ?? to - DEFAULT_REPORT_DAYS * DAY;
    if (from >= to) throw new InvalidRequestError('"from" must be before "to"', 'from');
    if (to - from > MAX_REPORT_DAYS * DAY)
      throw new InvalidRequestError(`the period must not exceed ${MAX_REPORT_DAYS} days`, 'from');
    return operationsReport(this.db, { from, to, tenant: tenantFilter(query.tenant, principal) });
  }
}
