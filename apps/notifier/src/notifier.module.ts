import { randomBytes } from 'node:crypto';

import { DynamicModule, Module } from '@nestjs/common';
import { type Channel, DEVICE_CHANNEL } from '@preempt/messaging';
import { DATABASE, type Database } from '@preempt/storage';

import { EmailSender } from './channels/email.sender';
import { MqttNoticeSender } from './channels/mqtt-notice.sender';
import { PagerDutySender } from './channels/pagerduty.sender';
import { WebhookSender } from './channels/webhook.sender';
import type { NotifierConfig } from './config';
import { DeliveryWorker, NOTICE_SENDERS, type NoticeSenders } from './delivery/delivery.worker';
import { ScheduledNotices } from './delivery/scheduled-notices';
import { LifecycleHandler } from './notices/lifecycle.handler';
import { NoticeComposer } from './notices/notice-composer';
import { NoticePreviewController, NoticesController } from './notices/notices.controller';
import { NoticesService } from './notices/notices.service';
import { NotifierMetrics } from './notifier.metrics';
import { NoticesRepository } from './storage/notices.repository';
import { NotifierDatabaseLifecycle } from './storage/notifier-database.lifecycle';
import { SubscriptionsRepository } from './storage/subscriptions.repository';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { UnsubscribeController } from './subscriptions/unsubscribe.controller';
import { UnsubscribeTokens } from './subscriptions/unsubscribe-tokens';
import { type Clock, NOTIFIER_CLOCK, NOTIFIER_CONFIG, systemClock } from './tokens';

export interface NotifierOptions {
  /** wall time of quiet hours, digests, reminders and retries (tests compress it) */
  clock?: Clock;
  /** replaces a channel's adapter (tests) */
  senders?: NoticeSenders;
}

/**
 * Ticket lifecycle messages from the app channel -> notices to the tenants' subscriptions (webhook,
 * e-mail, MQTT, PagerDuty) through the notifier's own outbox, and the API under /api/v1/tenants/{tenant}/
 * subscriptions and /api/v1/notices. Needs the ObservabilityModule, the MessagingModule (APP_CHANNEL for
 * lifecycle messages, DEVICE_CHANNEL for MQTT notices), the DatabaseModule and the AccessModule.
 */
@Module({})
export class NotifierModule {
  static register(config: NotifierConfig, options: NotifierOptions = {}): DynamicModule {
    return {
      module: NotifierModule,
      controllers: [
        SubscriptionsController,
        NoticesController,
        NoticePreviewController,
        UnsubscribeController,
      ],
      providers: [
        { provide: NOTIFIER_CONFIG, useValue: config },
        { provide: NOTIFIER_CLOCK, useValue: options.clock ?? systemClock },
        NotifierDatabaseLifecycle,
        {
          provide: SubscriptionsRepository,
          useFactory: (db: Database) => new SubscriptionsRepository(db),
          inject: [DATABASE],
        },
        {
          provide: NoticesRepository,
          useFactory: (db: Database) => new NoticesRepository(db),
          inject: [DATABASE],
        },
        {
          provide: UnsubscribeTokens,
          useFactory: async (notices: NoticesRepository, lifecycle: NotifierDatabaseLifecycle) => {
            await lifecycle.ready();
            const key =
              config.unsubscribeSecret ??
              (await notices.setting('unsubscribe-key', randomBytes(32).toString('base64url')));
            return new UnsubscribeTokens(key);
          },
          inject: [NoticesRepository, NotifierDatabaseLifecycle],
        },
        {
          provide: NOTICE_SENDERS,
          useFactory: (devices: Channel, tokens: UnsubscribeTokens): NoticeSenders => ({
            webhook: new WebhookSender(config.delivery.timeoutMs, config.allowPrivateTargets),
            pagerduty: new PagerDutySender(
              config.pagerDutyUrl,
              config.delivery.timeoutMs,
              config.allowPrivateTargets,
            ),
            mqtt: new MqttNoticeSender(devices),
            ...(config.smtp
              ? {
                  email: new EmailSender(
                    config.smtp.url,
                    config.smtp.from,
                    config.publicUrl,
                    tokens,
                    config.delivery.timeoutMs,
                  ),
                }
              : {}),
            ...options.senders,
          }),
          inject: [DEVICE_CHANNEL, UnsubscribeTokens],
        },
        NotifierMetrics,
        NoticeComposer,
        ScheduledNotices,
        DeliveryWorker,
        LifecycleHandler,
        SubscriptionsService,
        NoticesService,
      ],
      exports: [LifecycleHandler, DeliveryWorker],
    };
  }
}
