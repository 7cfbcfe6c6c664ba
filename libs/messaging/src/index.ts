export * from './channel';
export * from './channel-closed.error';
export * from './in-memory.channel';
export * from './messaging.module';
export * from './mqtt.channel';
export * from './mqtt-env';
export { matchesFilter } from './topic-filter';
