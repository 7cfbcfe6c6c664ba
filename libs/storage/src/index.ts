export * from './telemetry-store';
export * from './influx/influx-options';
export * from './influx/influx-telemetry.store';
export * from './influx/influxql';
export * from './influx/line-protocol';
export * from './memory/memory-telemetry.store';
