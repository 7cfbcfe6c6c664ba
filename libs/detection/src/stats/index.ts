export * from './ew-mean-var';
export * from './median';
export * from './normal';
export * from './packed-floats';
