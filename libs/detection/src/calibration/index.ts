export * from './alert-damper';
export * from './anomaly-likelihood';
