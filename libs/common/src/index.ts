export * from './bootstrap/serve';
export * from './health/health.registry';
export * from './http/domain.error';
export * from './http/problem-details.filter';
export * from './keyed-queue';
export * from './log-levels';
export * from './metrics/metrics.registry';
export * from './observability.module';
