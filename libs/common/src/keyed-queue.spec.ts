import { KeyedQueue } from './keyed-queue';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('KeyedQueue.runWhenReady', () => {
  it('runs the steps of one key in arrival order even when their work completes in reverse', async () => {
    const order = new KeyedQueue();
    const done: string[] = [];
    const first = deferred();
    const second = deferred();
    const a = order.runWhenReady('dev-1', first.promise, () => void done.push('first'));
    const b = order.runWhenReady('dev-1', second.promise, () => void done.push('second'));
    second.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual([]);
    first.resolve();
    await Promise.all([a, b]);
    expect(done).toEqual(['first', 'second']);
    expect(order.busyKeys).toBe(0);
  });

  it('does not hold one key back for another', async () => {
    const order = new KeyedQueue();
    const done: string[] = [];
    const slow = deferred();
    void order.runWhenReady('dev-1', slow.promise, () => void done.push('dev-1'));
    await order.runWhenReady('dev-2', Promise.resolve(), () => void done.push('dev-2'));
    expect(done).toEqual(['dev-2']);
    slow.resolve();
  });

  it('keeps going after a failed step or failed work, and reports each failure to its own caller', async () => {
    const order = new KeyedQueue();
    const done: string[] = [];
    const failedWork = order.runWhenReady(
      'k',
      Promise.reject(new Error('write failed')),
      () => void done.push('never'),
    );
    const failedStep = order.runWhenReady('k', Promise.resolve(), () => {
      throw new Error('publish failed');
    });
    const ok = order.runWhenReady('k', Promise.resolve(), () => void done.push('third'));
    await expect(failedWork).rejects.toThrow('write failed');
    await expect(failedStep).rejects.toThrow('publish failed');
    await ok;
    expect(done).toEqual(['third']);
  });
});

describe('KeyedQueue.run', () => {
  it('runs tasks of one key one after another and returns their results', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const slow = queue.run('k', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push('slow');
      return 1;
    });
    const fast = queue.run('k', () => {
      log.push('fast');
      return Promise.resolve(2);
    });
    expect(await Promise.all([slow, fast])).toEqual([1, 2]);
    expect(log).toEqual(['slow', 'fast']);
    await queue.drain();
    expect(queue.busyKeys).toBe(0);
  });
});
