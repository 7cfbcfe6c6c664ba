import { KeyedQueue } from './keyed-queue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

describe('KeyedQueue.run', () => {
  it('does not hold one key back for another', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    const slow = deferred();
    const first = queue.run('dev-1', async () => {
      await slow.promise;
      done.push('dev-1');
    });
    await queue.run('dev-2', () => Promise.resolve(void done.push('dev-2')));
    expect(done).toEqual(['dev-2']);
    slow.resolve();
    await first;
    expect(done).toEqual(['dev-2', 'dev-1']);
  });

  it('keeps going after a failed task, and reports the failure to its own caller', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    const failed = queue.run('k', () => Promise.reject(new Error('publish failed')));
    const ok = queue.run('k', () => Promise.resolve(void done.push('second')));
    await expect(failed).rejects.toThrow('publish failed');
    await ok;
    expect(done).toEqual(['second']);
  });

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
