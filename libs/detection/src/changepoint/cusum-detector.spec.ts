import { CusumDetector } from './cusum-detector';

describe('CusumDetector', () => {
  it('matches the batch CUSUM recursion at every step', () => {
    const zs = [0.2, 1.5, 3, -0.4, 2.2, 9, -7, 1.1, 1.9, 2.5, 0.7];
    const c = new CusumDetector({ drift: 0.5, threshold: 1e9, clip: 4 });
    let up = 0;
    let down = 0;
    for (const z of zs) {
      c.update(z);
      const zc = Math.max(-4, Math.min(4, z));
      up = Math.max(0, up + zc - 0.5);
      down = Math.max(0, down - zc - 0.5);
      expect(c.evidence).toBeCloseTo(Math.max(up, down), 12);
    }
  });

  it('confirms a 4-sigma upward step after 4 samples and a downward one symmetrically', () => {
    const c = new CusumDetector();
    expect([5, 5, 5, 5].map((z) => c.update(z))).toEqual([0, 0, 0, 1]);
    expect([-5, -5, -5, -5].map((z) => c.update(z))).toEqual([0, 0, 0, -1]);
  });

  it('never confirms isolated spikes in noise', () => {
    const c = new CusumDetector();
    for (let i = 0; i < 1000; i++) expect(c.update(i % 50 === 0 ? 100 : (i % 3) - 1)).toBe(0);
  });
});
