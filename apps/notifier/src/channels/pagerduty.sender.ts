import { pagerDutyAction } from '../notices/notice-plan';
import { type Lookup, postJson, PrivateTargetError } from './http-post';
import {
  httpOutcome,
  networkOutcome,
  type NoticeSender,
  type OutgoingNotice,
  refusedTarget,
  type SendOutcome,
} from './notice-sender';

const PD_SEVERITY: Record<string, string> = { critical: 'critical', major: 'error', minor: 'warning' };

/** PagerDuty Events v2: trigger / acknowledge / resolve with dedup_key = the ticket id. */
export class PagerDutySender implements NoticeSender {
  constructor(
    private readonly defaultUrl: string,
    private readonly timeoutMs: number,
    private readonly allowPrivate = true,
    private readonly now: () => number = Date.now,
    private readonly lookup?: Lookup,
  ) {}

  async send({ notice, subscription }: OutgoingNotice): Promise<SendOutcome> {
    const action = pagerDutyAction(notice.kind);
    if (action === null)
      return {
        ok: false,
        retryable: false,
        statusCode: null,
        error: `no PagerDuty action for ${notice.kind}`,
      };
    const ticket = (notice.payload.ticket ?? {}) as Record<string, unknown>;
    const body: Record<string, unknown> = {
      routing_key: subscription.secret,
      event_action: action,
      dedup_key: notice.ticketId ?? notice.id,
    };
    if (action === 'trigger')
      body.payload = {
        summary: notice.subject.slice(0, 1024),
        source: String(ticket.device ?? 'preempt'),
        severity: PD_SEVERITY[String(ticket.severity)] ?? 'warning',
        timestamp: (notice.payload as { occurredAt?: string }).occurredAt,
        component: ticket.device,
        group: ticket.site ?? undefined,
        class: ticket.failureMode ?? undefined,
        custom_details: { text: notice.body, tenant: notice.payload.tenant, ticket },
      };
    try {
      const response = await postJson(subscription.target.url ?? this.defaultUrl, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        timeoutMs: this.timeoutMs,
        allowPrivate: this.allowPrivate,
        lookup: this.lookup,
      });
      return httpOutcome(response.status, response.retryAfter, this.now());
    } catch (error) {
      if (error instanceof PrivateTargetError) return refusedTarget(error);
      return networkOutcome(error);
    }
  }
}
