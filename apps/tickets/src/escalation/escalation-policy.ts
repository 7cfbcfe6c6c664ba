import { readFileSync } from 'node:fs';

import { ConfigError, parseDuration } from '@preempt/config';

import { SEVERITIES, type Severity } from '../correlation/correlation.types';

/** One step of an escalation chain: who is told, how long after the ticket was armed. */
export interface EscalationStep {
  afterMs: number;
  target: string;
}

/**
 * A chain for one severity (optionally one tenant), as Grafana OnCall and PagerDuty have them: step i fires
 * at `armedAt + steps[i].afterMs`; with `repeatEveryMs`, the whole chain starts again every that long
 * (round r fires step i at `armedAt + r * repeatEveryMs + steps[i].afterMs`) until the ticket is
 * acknowledged or resolved, and never after.
 */
export interface EscalationPolicy {
  /** `<severity>` or `<tenant>/<severity>`: stored with the ticket's escalation */
  name: string;
  severity: Severity;
  /** null: every tenant without a policy of its own */
  tenant: string | null;
  steps: EscalationStep[];
  repeatEveryMs: number | null;
}

const MINUTE = 60_000;

/** The built-in policies (ESCALATION_POLICY_FILE replaces them). */
export const DEFAULT_ESCALATION_POLICIES: readonly EscalationPolicy[] = [
  {
    name: 'critical',
    severity: 'critical',
    tenant: null,
    steps: [
      { afterMs: 0, target: 'on-call' },
      { afterMs: 15 * MINUTE, target: 'noc-lead' },
    ],
    repeatEveryMs: 30 * MINUTE,
  },
  {
    name: 'major',
    severity: 'major',
    tenant: null,
    steps: [
      { afterMs: 0, target: 'on-call' },
      { afterMs: 60 * MINUTE, target: 'noc-lead' },
    ],
    repeatEveryMs: 4 * 60 * MINUTE,
  },
  {
    name: 'minor',
    severity: 'minor',
    tenant: null,
    steps: [{ afterMs: 4 * 60 * MINUTE, target: 'on-call' }],
    repeatEveryMs: null,
  },
];

/** The policy of a ticket: its tenant's for its severity, else the default for its severity. */
export function policyFor(
  policies: readonly EscalationPolicy[],
  tenant: string,
  severity: Severity,
): EscalationPolicy | null {
  return (
    policies.find((p) => p.tenant === tenant && p.severity === severity) ??
    policies.find((p) => p.tenant === null && p.severity === severity) ??
    null
  );
}

/** Step number `fired` (0-based, counting repeats) of the policy: when it is due and what it is; null: none. */
export function stepAt(
  policy: EscalationPolicy,
  armedAt: number,
  fired: number,
): { at: number; step: EscalationStep; index: number; round: number } | null {
  const n = policy.steps.length;
  const round = Math.floor(fired / n);
  if (round > 0 && policy.repeatEveryMs === null) return null;
  const index = fired % n;
  const step = policy.steps[index];
  return { at: armedAt + round * (policy.repeatEveryMs ?? 0) + step.afterMs, step, index, round };
}

/**
 * Parses an escalation policy file (JSON):
 * `{"policies": [{"severity": "critical", "tenant"?: "acme", "steps": [{"after": "0m", "target": "on-call"},
 * {"after": "15m", "target": "noc-lead"}], "repeatEvery"?: "30m"}]}`. Every problem is named with its path.
 */
export function parseEscalationPolicies(json: unknown, source = 'escalation policy'): EscalationPolicy[] {
  const problems: string[] = [];
  const policies: EscalationPolicy[] = [];
  const root = json as { policies?: unknown };
  if (typeof json !== 'object' || json === null || !Array.isArray(root.policies))
    throw new ConfigError([`${source}: must be {"policies": [...]}`]);
  const seen = new Set<string>();
  root.policies.forEach((raw: unknown, i: number) => {
    const at = `${source}: policies[${i}]`;
    if (typeof raw !== 'object' || raw === null) return problems.push(`${at} must be an object`);
    const p = raw as Record<string, unknown>;
    const unknownKey = Object.keys(p).find(
      (k) => !['severity', 'tenant', 'steps', 'repeatEvery'].includes(k),
    );
    if (unknownKey) problems.push(`${at}: unknown field "${unknownKey}"`);
    if (!SEVERITIES.includes(p.severity as Severity))
      return problems.push(`${at}.severity must be one of ${SEVERITIES.join(', ')}`);
    if (p.tenant !== undefined && (typeof p.tenant !== 'string' || p.tenant.length === 0))
      return problems.push(`${at}.tenant must be a non-empty string`);
    if (!Array.isArray(p.steps) || p.steps.length === 0 || p.steps.length > 20)
      return problems.push(`${at}.steps must be a list of 1 to 20 steps`);
    const steps: EscalationStep[] = [];
    let previous = -1;
    p.steps.forEach((s: unknown, j: number) => {
      const step = s as Record<string, unknown>;
      const where = `${at}.steps[${j}]`;
      if (typeof s !== 'object' || s === null) return problems.push(`${where} must be an object`);
      if (typeof step.target !== 'string' || step.target.trim() === '' || step.target.length > 200)
        return problems.push(`${where}.target must be a non-empty string`);
      const afterMs = duration(step.after, `${where}.after`, problems);
      if (afterMs === null) return;
      if (afterMs < previous) problems.push(`${where}.after must not be earlier than the step before`);
      previous = afterMs;
      steps.push({ afterMs, target: step.target.trim() });
    });
    const repeatEveryMs =
      p.repeatEvery === undefined ? null : duration(p.repeatEvery, `${at}.repeatEvery`, problems);
    if (repeatEveryMs !== null && (repeatEveryMs < 1000 || repeatEveryMs <= previous))
      problems.push(`${at}.repeatEvery must be at least 1s and longer than the last step's "after"`);
    const tenant = (p.tenant as string | undefined) ?? null;
    const name = tenant === null ? (p.severity as string) : `${tenant}/${p.severity as string}`;
    if (seen.has(name)) problems.push(`${at}: a second policy for ${name}`);
    seen.add(name);
    policies.push({ name, severity: p.severity as Severity, tenant, steps, repeatEveryMs });
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return policies;
}

/** Reads ESCALATION_POLICY_FILE; a missing or bad file is a ConfigError naming it. */
export function loadEscalationPolicies(path: string): EscalationPolicy[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`ESCALATION_POLICY_FILE: cannot read ${path}: ${(error as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`ESCALATION_POLICY_FILE: ${path} is not JSON: ${(error as Error).message}`]);
  }
  return parseEscalationPolicies(json, path);
}

function duration(raw: unknown, where: string, problems: string[]): number | null {
  if (typeof raw !== 'string') {
    problems.push(`${where} must be a duration string like "0m", "15m", "2h"`);
    return null;
  }
  try {
    return parseDuration(raw);
  } catch (error) {
    problems.push(`${where} ${(error as Error).message}`);
    return null;
  }
}
