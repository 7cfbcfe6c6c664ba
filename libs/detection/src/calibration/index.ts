export * from './alert-damper';
export * from './anomaly-likelihood';
export * from './pot-tail';
