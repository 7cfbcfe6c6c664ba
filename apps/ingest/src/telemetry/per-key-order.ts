/**
 * Runs steps in arrival order per key while the work before them runs concurrently. Ingest writes many
 * messages to InfluxDB at once and batches can complete out of order; the detectors learn point by point
 * and skip points older than what they have learned, so a device's points must be handed on in the order
 * the device sent them. A failed step does not block the key's later steps.
 *
 * @example
 * order.run(device, store.write(points), () => handoff.publish(points));
 */
export class PerKeyOrder {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, ready: Promise<void>, step: () => Promise<void> | void): Promise<void> {
    const previous = this.tails.get(key);
    const result = (previous ? Promise.all([previous, ready]) : ready).then(() => step());
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** keys with steps still pending (bounded by the messages in flight) */
  get size(): number {
    return this.tails.size;
  }
}
