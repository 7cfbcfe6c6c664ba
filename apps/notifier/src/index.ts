// The notifier's public face: what a composition root, a bench or a test may use.
export type { NoticeSender, SendOutcome } from './channels/notice-sender';
export { composeNotifier } from './compose';
export {
  loadNotifierEnv,
  type NotifierConfig,
  type NotifierEnv,
  notifierEnv,
  PAGERDUTY_EVENTS_URL,
  toNotifierConfig,
} from './config';
export { DeliveryWorker } from './delivery/delivery.worker';
export { LifecycleHandler } from './notices/lifecycle.handler';
export { NotifierModule, type NotifierOptions } from './notifier.module';
export { type Clock, NOTIFIER_CLOCK, NOTIFIER_CONFIG } from './tokens';
