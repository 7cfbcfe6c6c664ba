import type { NoticeTemplate } from '../template';

/** NOC only (tenant _noc): a customer's subscription kept failing and was disabled. */
export const subscriptionDisabled: NoticeTemplate = {
  subject: (v) => `Notice subscription disabled for ${v.internal?.tenant}`,
  text: (v) =>
    `A notice subscription of ${v.internal?.tenant} was disabled: ${v.internal?.reason ?? ''}\n` +
    `Fix the receiver with the customer, then re-enable it (PATCH {"enabled": true}) and retry its failed deliveries.`,
};
