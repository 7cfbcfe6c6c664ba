/**
 * Base of the domain errors that reach HTTP. One filter (ProblemDetailsFilter) turns them into RFC 9457
 * problem details; the status and a stable `type` slug live with the error.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  /** extra members for the problem document (e.g. the field that was invalid) */
  readonly extensions: Record<string, unknown> = {};

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
