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

  it('round-trips through JSON mid-period', () => {
    const a = new AlertDamper(0.5, 3);
    a.apply(1);
    const b = new AlertDamper(0.5, 3, JSON.parse(JSON.stringify(a)));
    expect([0.9, 0.9, 0.9, 0.9].map((s) => b.apply(s))).toEqual([0, 0, 0, 0.9]);
  });
});
