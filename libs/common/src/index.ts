export * from './health/health.registry';
export * from './http/domain.error';
export * from './http/problem-details.filter';
export * from './metrics/metrics.registry';
export * from './observability.module';
export * from './mqtt/acking-mqtt.server';
export * from './mqtt/mqtt-env';
export * from './log-levels';
