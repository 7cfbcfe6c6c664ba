import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';

import { HealthRegistry } from './health.registry';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  /** Liveness: the process serves HTTP. */
  @Get('healthz')
  @HttpCode(200)
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every registered dependency answers. */
  @Get('readyz')
  async readiness(
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ status: string; checks: object }> {
    const { ready, checks } = await this.health.readiness();
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}
