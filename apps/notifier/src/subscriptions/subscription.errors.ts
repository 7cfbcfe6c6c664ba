import { DomainError, NotFoundError } from '@preempt/common';

/** A body that is well-formed JSON but not a valid subscription: 422 naming the field and the reason. */
export class UnprocessableSubscriptionError extends DomainError {
  readonly status = 422;
  readonly type = 'invalid-subscription';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`"${field}" ${reason}`);
    this.extensions.parameter = field;
    this.extensions.field = field;
    this.extensions.reason = reason;
  }
}

export class SubscriptionNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`No subscription ${id}`);
  }
}
