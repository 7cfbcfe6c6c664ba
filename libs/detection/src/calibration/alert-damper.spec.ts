import { AlertDamper } from './alert-damper';

describe('AlertDamper', () => {
  it('suppresses the scores of the refractory period after an alert, then reports again', () => {
    const d = new AlertDamper(0.5, 2);
    expect([0.4, 0.9, 0.8, 0.7, 0.6, 0.1, 0.55].map((s) => d.apply(s))).toEqual([0.4, 0.9, 0, 0, 0.6, 0, 0]);
  });

  it('never suppresses scores below the alert level when no alert was raised', () => {
    const d = new AlertDamper(0.5, 100);
    for (let i = 0; i < 50; i++) expect(d.apply(0.49)).toBe(0.49);
    expect(d.active).toBe(false);
  });

  it('ends the refractory period early once the incident is resolved (resolveSamples quiet samples)', () => {
    const d = new AlertDamper(0.5, 100, undefined, 2);
    expect([0.9, 0.3, 0.1, 0.1, 0.8, 0.9].map((s) => d.apply(s))).toEqual([0.9, 0, 0, 0, 0.8, 0]);
  });

  it('escalates: a stronger burst after the scores fell below half the alert level alerts at once', () => {
    const d = new AlertDamper(0.5, 100, undefined, 24, 1);
    // 0.7 alerts; its tail (0.6) and a weaker burst (0.65) are repeats; 0.9 after a dip is a new, stronger one
    const scores = [0.7, 0.6, 0.2, 0.65, 0.1, 0.9, 0.95, 0.1, 0.8];
    expect(scores.map((s) => d.apply(s))).toEqual([0.7, 0, 0, 0, 0, 0.9, 0, 0, 0]);
  });

  it('does not escalate a rising score that never dipped (one incident), nor without the option', () => {
    const rising = new AlertDamper(0.5, 100, undefined, 24, 1);
    expect([0.6, 0.8, 1, 1].map((s) => rising.apply(s))).toEqual([0.6, 0, 0, 0]);
    const plain = new AlertDamper(0.5, 100, undefined, 24);
    expect([0.6, 0.1, 0.9].map((s) => plain.apply(s))).toEqual([0.6, 0, 0]);
  });

  it('escalates only escalateAfter samples after the alert (closer scores share its samples)', () => {
    const d = new AlertDamper(0.5, 100, undefined, 24, 4);
    // alert, dip, then stronger scores at 2, 3 and 4 samples after the alert: only the last one escalates
    expect([0.6, 0.1, 0.7, 0.8, 0.9].map((s) => d.apply(s))).toEqual([0.6, 0, 0, 0, 0.9]);
  });

  it('round-trips through JSON mid-period', () => {
    const a = new AlertDamper(0.5, 3);
    a.apply(1);
    const b = new AlertDamper(0.5, 3, JSON.parse(JSON.stringify(a)));
    expect([0.9, 0.9, 0.9, 0.9].map((s) => b.apply(s))).toEqual([0, 0, 0, 0.9]);
  });
});
