import { PendingLines } from './pending-lines';

describe('PendingLines', () => {
  it('completes a write call only when all of its lines are settled, in any batch order', () => {
    const pending = new PendingLines();
    const done: string[] = [];
    pending.track(['a1', 'a2'], () => done.push('a'));
    pending.track(['b1'], () => done.push('b'));
    expect(pending.points).toBe(3);

    expect(pending.settle(['a2', 'b1'])).toBe(2);
    expect(done).toEqual(['b']);
    expect(pending.settle(['a1'])).toBe(1);
    expect(done).toEqual(['b', 'a']);
    expect(pending.points).toBe(0);
  });

  it('keeps identical lines of different calls apart', () => {
    const pending = new PendingLines();
    const done: number[] = [];
    pending.track(['x'], () => done.push(1));
    pending.track(['x', 'y'], () => done.push(2));
    pending.settle(['x']);
    expect(done).toEqual([1]);
    pending.settle(['x']);
    expect(done).toEqual([1]);
    pending.settle(['y']);
    expect(done).toEqual([1, 2]);
  });

  it('ignores lines it does not know (already settled)', () => {
    const pending = new PendingLines();
    pending.track(['x'], () => undefined);
    expect(pending.settle(['x', 'x', 'z'])).toBe(1);
    expect(pending.points).toBe(0);
  });

  it('reports drained, or not within the timeout', async () => {
    const pending = new PendingLines();
    await expect(pending.drained(10)).resolves.toBe(true);
    pending.track(['x'], () => undefined);
    await expect(pending.drained(10)).resolves.toBe(false);
    const waiting = pending.drained(1000);
    pending.settle(['x']);
    await expect(waiting).resolves.toBe(true);
  });
});
