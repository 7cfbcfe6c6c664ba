import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
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
  ): Promise<TelemetryQueryResponseDto> {
    const query = toTelemetryQuery(tenant, device, params, Date.now());
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
