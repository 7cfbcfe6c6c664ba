import { expectEventually } from './expect-eventually';

describe('expectEventually', () => {
  it('retries until the assertion passes and returns its value', async () => {
    let calls = 0;
    const value = await expectEventually(
      () => {
        calls += 1;
        expect(calls).toBeGreaterThanOrEqual(3);
        return calls;
      },
      { timeoutMs: 1000, intervalMs: 1 },
    );
    expect(value).toBe(3);
  });

  it('rethrows the last failure once the time is up', async () => {
    let calls = 0;
    const failing = expectEventually(
      async () => {
        calls += 1;
        throw new Error(`attempt ${calls}`);
      },
      { timeoutMs: 30, intervalMs: 5 },
    );
    await expect(failing).rejects.toThrow(/attempt \d+/);
    expect(calls).toBeGreaterThan(1);
  });
});
