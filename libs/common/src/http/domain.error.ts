/**
 * Base of the domain errors that reach HTTP. One filter (ProblemDetailsFilter) turns them into RFC 9457
 * problem details; the status and a stable `type` slug live with the error.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  /** extra members for the problem document (e.g. the field that was invalid) */
  readonly extensions: Record<string, unknown> = {};
  /** response headers that go with it (e.g. WWW-Authenticate, Retry-After) */
  readonly headers: Record<string, string> = {};

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidRequestError extends DomainError {
  readonly status = 400;
  readonly type = 'invalid-request';

  constructor(
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
    if (parameter) this.extensions.parameter = parameter;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly type = 'not-found';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly type = 'conflict';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly type = 'unauthorized';

  constructor(message: string) {
    super(message);
    this.headers['WWW-Authenticate'] = 'Bearer realm="preempt"';
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly type = 'forbidden';
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly type = 'too-many-requests';

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.headers['Retry-After'] = String(retryAfterSeconds);
    this.extensions.retryAfter = retryAfterSeconds;
  }
}
