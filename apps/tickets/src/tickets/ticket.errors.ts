import { ConflictError, NotFoundError } from '@preempt/common';

import type { TicketStatus } from '../correlation/correlation.types';

export class TicketNotFoundError extends NotFoundError {
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} does not exist`);
    this.extensions.ticketId = ticketId;
  }
}

export class InvalidTransitionError extends ConflictError {
  constructor(ticketId: string, status: TicketStatus, action: string, version: number) {
    super(`ticket ${ticketId} is ${status}: cannot ${action} it`);
    // not `status`: that member of a problem document is the HTTP status
    Object.assign(this.extensions, { reason: 'invalid-transition', ticketId, ticketStatus: status, version });
  }
}

export class VersionMismatchError extends ConflictError {
  constructor(ticketId: string, expected: number, actual: number) {
    super(`ticket ${ticketId} is at version ${actual}, not ${expected}: reload it and retry`);
    Object.assign(this.extensions, {
      reason: 'version-mismatch',
      ticketId,
      expectedVersion: expected,
      version: actual,
    });
  }
}
