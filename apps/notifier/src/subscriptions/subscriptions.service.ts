import { Inject, Injectable, Logger } from '@nestjs/common';
import { actorOf, canSeeTenant, type Principal } from '@preempt/access';
import { InvalidRequestError } from '@preempt/common';

import type { NotifierConfig } from '../config';
import { SubscriptionsRepository } from '../storage/subscriptions.repository';
import { type Clock, NOTIFIER_CLOCK, NOTIFIER_CONFIG } from '../tokens';
import type { Subscription } from './subscription';
import { SubscriptionNotFoundError } from './subscription.errors';
import { toSubscriptionFields, type ValidationContext } from './subscriptions.dto';
import { UnsubscribeTokens } from './unsubscribe-tokens';

const TENANT = /^[A-Za-z0-9_.-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Subscriptions of a tenant; a customer key sees its own tenant's only (others: 404). */
@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger(SubscriptionsService.name);
  private readonly context: ValidationContext;

  constructor(
    @Inject(NOTIFIER_CONFIG) config: NotifierConfig,
    @Inject(NOTIFIER_CLOCK) private readonly clock: Clock,
    private readonly repository: SubscriptionsRepository,
    private readonly tokens: UnsubscribeTokens,
  ) {
    this.context = { allowPrivateTargets: config.allowPrivateTargets, emailConfigured: config.smtp !== null };
  }

  async create(principal: Principal, tenant: string, body: unknown): Promise<Subscription> {
    this.checkTenant(principal, tenant);
    const fields = toSubscriptionFields(body, null, this.context, tenant);
    const created = await this.repository.create(
      tenant,
      fields,
      actorOf(principal),
      new Date(this.clock.now()),
    );
    this.logger.log(
      `Subscription ${created.id} (${tenant}, ${created.channel}) created by ${actorOf(principal)}`,
    );
    return created;
  }

  async list(principal: Principal, tenant: string): Promise<Subscription[]> {
    this.checkTenant(principal, tenant);
    return this.repository.list(tenant);
  }

  async get(principal: Principal, tenant: string, id: string): Promise<Subscription> {
    this.checkTenant(principal, tenant);
    if (!UUID.test(id)) throw new SubscriptionNotFoundError(id);
    const found = await this.repository.get(id);
    if (!found || found.tenant !== tenant) throw new SubscriptionNotFoundError(id);
    return found;
  }

  async update(principal: Principal, tenant: string, id: string, body: unknown): Promise<Subscription> {
    const current = await this.get(principal, tenant, id);
    const fields = toSubscriptionFields(body, current, this.context, tenant);
    const updated = await this.repository.update(id, fields, new Date(this.clock.now()));
    if (!updated) throw new SubscriptionNotFoundError(id);
    return updated;
  }

  async delete(principal: Principal, tenant: string, id: string): Promise<void> {
    await this.get(principal, tenant, id);
    await this.repository.delete(id);
    this.logger.log(`Subscription ${id} (${tenant}) deleted by ${actorOf(principal)}`);
  }

  /** One-click unsubscribe (RFC 8058): the signed token names the subscription; false for a bad token. */
  async unsubscribe(token: string): Promise<boolean> {
    const id = this.tokens.verify(token);
    if (!id) return false;
    const found = await this.repository.get(id);
    if (!found) return true; // already gone: the recipient's wish holds
    await this.repository.disable(id, 'unsubscribed by the recipient', new Date(this.clock.now()));
    this.logger.log(`Subscription ${id} (${found.tenant}) unsubscribed by its recipient`);
    return true;
  }

  /** Another tenant does not exist for a customer key: 404, as an unknown subscription. */
  private checkTenant(principal: Principal, tenant: string): void {
    if (!TENANT.test(tenant))
      throw new InvalidRequestError('"tenant" must be 1-64 of A-Z a-z 0-9 _ . -', 'tenant');
    if (!canSeeTenant(principal, tenant)) throw new SubscriptionNotFoundError(`of tenant ${tenant}`);
  }
}
