import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { canSeeTenant, CurrentPrincipal, type Principal } from '@preempt/access';
import { NotFoundError } from '@preempt/common';
import { TELEMETRY_STORE, type TelemetryStore } from '@preempt/storage';

import {
  type TelemetryQueryParams,
  type TelemetryQueryResponseDto,
  toTelemetryQuery,
} from './telemetry-query.dto';

@Controller('api/v1/telemetry')
@ApiTags('telemetry')
export class TelemetryQueryController {
  constructor(@Inject(TELEMETRY_STORE) private readonly store: TelemetryStore) {}

  @Get(':tenant/:device')
  @ApiOperation({ summary: 'One metric of a device over a time range: {points: [[epochMs, value], ...]}' })
  @ApiQuery({ name: 'metric', required: true, example: 'temperature' })
  @ApiQuery({ name: 'from', required: false, description: 'RFC 3339 or epoch ms (default: 1 h before to)' })
  @ApiQuery({ name: 'to', required: false, description: 'RFC 3339 or epoch ms (default: now)' })
  @ApiQuery({ name: 'limit', required: false, description: 'points at most (default 10,000, up to 100,000)' })
  async find(
    @Param('tenant') tenant: string,
    @Param('device') device: string,
    @Query() params: TelemetryQueryParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TelemetryQueryResponseDto> {
    const query = toTelemetryQuery(tenant, device, params, Date.now());
    // another tenant's devices do not exist for a customer key
    if (!canSeeTenant(principal, tenant))
      throw new NotFoundError(`device ${tenant}/${device} does not exist`);
    const points = await this.store.query(query);
    return {
      tenant,
      device,
      metric: query.metric,
      from: new Date(query.from).toISOString(),
      to: new Date(query.to).toISOString(),
      points,
    };
  }
}
