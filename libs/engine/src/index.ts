export * from './default-catalog';
export * from './detection.engine';
export * from './device-silence';
export * from './event-policy';
export * from './feedback-filter';
export * from './limit-forecast';
export * from './metric-catalog';
export * from './series-registry';
