import type { Rejection, RejectionReason } from './rejection';

// Internal: the parsers throw this to abandon a message at its first problem; parseTelemetryMessage
// catches it and returns it as a value. Not an Error: no stack is captured, rejections stay cheap.
export class RejectionSignal implements Rejection {
  constructor(
    readonly reason: RejectionReason,
    readonly detail: string,
  ) {}
}

export function reject(reason: RejectionReason, detail: string): never {
  throw new RejectionSignal(reason, detail);
}
