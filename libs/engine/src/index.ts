export * from './default-catalog';
export * from './detection.engine';
export * from './event-policy';
export * from './limit-forecast';
export * from './metric-catalog';
export * from './series-registry';
