export * from './auto-resolve';
export * from './correlate';
export * from './correlation.config';
export * from './correlation.types';
export * from './evidence';
export * from './hysteresis';
export * from './severity';
