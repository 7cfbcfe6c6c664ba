import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics.registry';

/** /healthz, /readyz, /metrics and RFC 9457 errors, shared by every app (and once in the all-in-one). */
@Global()
@Module({
  controllers: [HealthController, MetricsController],
  providers: [HealthRegistry, MetricsRegistry, { provide: APP_FILTER, useClass: ProblemDetailsFilter }],
  exports: [HealthRegistry, MetricsRegistry],
})
export class ObservabilityModule {}
