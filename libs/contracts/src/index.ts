// Public API of @preempt/contracts: the topic and payload contract for device telemetry (see README.md).
// The format parsers (json-payload.ts, line-protocol.ts) signal rejections by throwing an internal
// signal; only parseTelemetryMessage, which turns it into a value, is public.
export const CONTRACTS_VERSION = 1;

export * from './control';
export * from './dead-letter';
export * from './detection-event.parser';
export * from './events';
export { gnmiPathToMetric } from './gnmic-event';
export * from './hash';
export * from './identifiers';
export * from './limits';
export * from './maintenance-schedule';
export * from './parse-telemetry';
export * from './partitions';
export * from './points-message';
export * from './rejection';
export * from './skipped-fields';
export * from './telemetry';
export { lineProtocolTimestampToMs, parseRfc3339, toIso } from './timestamps';
export * from './topics';
