/** The channel closed before the message was acknowledged: whoever waits for it must not acknowledge either. */
export class ChannelClosedError extends Error {
  constructor(channel: string) {
    super(`Channel ${channel} is closed`);
    this.name = 'ChannelClosedError';
  }
}
