import nodemailer, { type Transporter } from 'nodemailer';

import type { UnsubscribeTokens } from '../subscriptions/unsubscribe-tokens';
import { networkOutcome, type NoticeSender, type OutgoingNotice, type SendOutcome } from './notice-sender';

/**
 * E-mail over SMTP (SMTP_URL): text and HTML parts, List-Unsubscribe with a one-click URL (RFC 8058) and
 * the delivery id as Message-ID (a retry after a crash is the same message to a deduplicating server).
 */
export class EmailSender implements NoticeSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly publicUrl: string,
    private readonly tokens: UnsubscribeTokens,
    timeoutMs: number,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    } as never);
  }

  async send({ delivery, notice, subscription }: OutgoingNotice): Promise<SendOutcome> {
    const unsubscribe = `${this.publicUrl}/notices/unsubscribe?token=${this.tokens.sign(subscription.id)}`;
    try {
      await this.transport.sendMail({
        from: this.from,
        to: subscription.target.address,
        subject: notice.subject,
        text: `${notice.body}\n\nUnsubscribe: ${unsubscribe}`,
        html: String(notice.payload.html ?? ''),
        messageId: `<${delivery.id}@preempt.notices>`,
        headers: {
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-Preempt-Delivery': delivery.id,
        },
      });
      return { ok: true, retryable: false, statusCode: null, error: null };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // SMTP 5xx is a permanent refusal (unknown mailbox); 4xx and network errors are worth retrying
      if (code !== undefined && code >= 500)
        return { ok: false, retryable: false, statusCode: code, error: (error as Error).message };
      return networkOutcome(error);
    }
  }

  close(): void {
    this.transport.close();
  }
}
