export * from './series-detector';
export * from './series-detector.options';
export * from './series-fleet';
