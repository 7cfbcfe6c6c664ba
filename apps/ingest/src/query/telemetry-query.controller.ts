import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { canSeeTenant, CurrentPrincipal, type Principal } from '@preempt/access';
import { NotFoundError } from '@preempt/common';
import { TELEMETRY_STORE, type TelemetryStore } from '@preempt/storage';

import {
  type TelemetryQueryParams,
  type TelemetryQueryResponseDto,
  toTelemetryQuery,
} from './telemetry-query.dto';

@Controller('api/v1/telemetry')
export class TelemetryQueryController {
  constructor(@Inject(TELEMETRY_STORE) private readonly store: TelemetryStore) {}

  @Get(':tenant/:device')
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
