// Public API of @preempt/detection. Each helper edits only its own export lines.
export * from './types';
export * from './errors';
