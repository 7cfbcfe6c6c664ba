import { ConfigError } from '@preempt/config';

import { DEFAULT_ESCALATION_POLICIES, parseEscalationPolicies, policyFor, stepAt } from './escalation-policy';

const MIN = 60_000;

describe('escalation policies', () => {
  const policies = parseEscalationPolicies({
    policies: [
      {
        severity: 'critical',
        steps: [
          { after: '0m', target: 'on-call' },
          { after: '15m', target: 'lead' },
        ],
        repeatEvery: '30m',
      },
      { severity: 'critical', tenant: 'acme', steps: [{ after: '5m', target: 'acme-desk' }] },
    ],
  });

  it('prefers the tenant’s own policy, then the default for the severity, else none', () => {
    expect(policyFor(policies, 'acme', 'critical')!.name).toBe('acme/critical');
    expect(policyFor(policies, 'other', 'critical')!.name).toBe('critical');
    expect(policyFor(policies, 'other', 'minor')).toBeNull();
  });

  it('steps at their delays; with repeatEvery the chain starts over every period; without, it ends', () => {
    const [critical, acme] = policies;
    const at = (p: typeof critical, n: number) => stepAt(p, 0, n);
    expect([0, 1, 2, 3, 4].map((n) => [at(critical, n)!.at / MIN, at(critical, n)!.step.target])).toEqual([
      [0, 'on-call'],
      [15, 'lead'],
      [30, 'on-call'],
      [45, 'lead'],
      [60, 'on-call'],
    ]);
    expect(at(acme, 0)).toMatchObject({ at: 5 * MIN, index: 0, round: 0 });
    expect(at(acme, 1)).toBeNull();
  });

  it('names every problem of a bad file with its path', () => {
    const problems = (json: unknown) => {
      try {
        parseEscalationPolicies(json, 'p.json');
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return [...(error as ConfigError).problems];
      }
    };
    expect(problems({})).toEqual(['p.json: must be {"policies": [...]}']);
    expect(
      problems({
        policies: [
          { severity: 'urgent', steps: [] },
          { severity: 'major', steps: [{ after: '10 min', target: 'x' }] },
          {
            severity: 'minor',
            steps: [
              { after: '10m', target: '' },
              { after: '5m', target: 'y' },
            ],
            repeatEvery: '1m',
            extra: 1,
          },
          { severity: 'major', steps: [{ after: '1m', target: 'x' }] },
        ],
      }),
    ).toEqual([
      'p.json: policies[0].severity must be one of critical, major, minor',
      'p.json: policies[1].steps[0].after must be a duration like 500ms, 30s, 5m, 12h or 30d, got "10 min"',
      'p.json: policies[2]: unknown field "extra"',
      'p.json: policies[2].steps[0].target must be a non-empty string',
      'p.json: policies[2].repeatEvery must be at least 1s and longer than the last step\'s "after"',
      'p.json: policies[3]: a second policy for major',
    ]);
  });

  it('the defaults cover every severity, critical repeating', () => {
    expect(DEFAULT_ESCALATION_POLICIES.map((p) => p.severity).sort()).toEqual(['critical', 'major', 'minor']);
    expect(policyFor(DEFAULT_ESCALATION_POLICIES, 'any', 'critical')!.repeatEveryMs).toBe(30 * MIN);
  });
});
