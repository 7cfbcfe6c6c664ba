import * as fs from 'node:fs';

import { ConfigError } from '@preempt/config';
import type { MetricCatalogEntry } from '@preempt/contracts';
import { aliasToMetric, DEFAULT_METRIC_CATALOG } from '@preempt/engine';

const FIELDS = [
  'metric',
  'unit',
  'direction',
  'warning',
  'critical',
  'failureMode',
  'recommendedAction',
  'aliases',
  'controlled',
];
const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;

/**
 * Reads a METRIC_CATALOG file and merges it over the defaults. The file is a JSON array of entries (or
 * `{"metrics": [...]}`); an entry whose `metric` is already known may give only the fields it changes,
 * a new metric must give every field but `aliases` (optional: metric names or gNMI paths that look the entry up;
 * given, they replace the default's aliases). Throws ConfigError listing every problem (entry index, metric, field).
 *
 * @example
 * // catalog.json: [{ "metric": "temperature", "warning": 65 }, { "metric": "dsp_snr", "unit": "dB", ... }]
 * const entries = loadCatalogFile('/etc/preempt/catalog.json');
 */
export function loadCatalogFile(
  path: string,
  defaults: readonly MetricCatalogEntry[] = DEFAULT_METRIC_CATALOG,
): MetricCatalogEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`METRIC_CATALOG ${path}: cannot read (${(error as Error).message})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`METRIC_CATALOG ${path}: not JSON (${(error as Error).message})`]);
  }
  return mergeCatalog(json, defaults, `METRIC_CATALOG ${path}`);
}

/** Validates `json` (see loadCatalogFile) and returns defaults overridden/extended by it. */
export function mergeCatalog(
  json: unknown,
  defaults: readonly MetricCatalogEntry[],
  source = 'metric catalog',
): MetricCatalogEntry[] {
  const list = Array.isArray(json) ? json : (json as { metrics?: unknown } | null)?.metrics;
  if (!Array.isArray(list))
    throw new ConfigError([`${source}: expected an array of entries or {"metrics": [...]}`]);
  const merged = new Map(defaults.map((entry) => [entry.metric, entry]));
  const problems: string[] = [];
  const seen = new Set<string>();
  list.forEach((raw: unknown, index) => {
    const where = (name: unknown) =>
      `${source}: entry ${index}${typeof name === 'string' ? ` ("${name}")` : ''}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`${where(undefined)}: must be an object`);
      return;
    }
    const input = raw as Record<string, unknown>;
    const name = input.metric;
    if (typeof name !== 'string' || !NAME.test(name)) {
      problems.push(`${where(name)}: metric must be a metric name matching ${String(NAME)}`);
      return;
    }
    if (seen.has(name)) problems.push(`${where(name)}: metric is listed twice`);
    seen.add(name);
    const entryProblems = validateEntry(input, merged.get(name));
    problems.push(...entryProblems.problems.map((p) => `${where(name)}: ${p}`));
    if (entryProblems.entry) merged.set(name, entryProblems.entry);
  });
  problems.push(...aliasClashes([...merged.values()], source));
  if (problems.length > 0) throw new ConfigError(problems);
  return [...merged.values()];
}

/** An alias naming another entry's metric, or listed by two entries, would make lookup ambiguous. */
function aliasClashes(entries: readonly MetricCatalogEntry[], source: string): string[] {
  const owner = new Map(entries.map((e) => [e.metric, `metric "${e.metric}"`]));
  const problems: string[] = [];
  for (const entry of entries) {
    for (const alias of entry.aliases ?? []) {
      const name = aliasToMetric(alias);
      const taken = owner.get(name);
      if (taken && name !== entry.metric)
        problems.push(`${source}: alias "${alias}" of "${entry.metric}" is already ${taken}`);
      else owner.set(name, `an alias of "${entry.metric}"`);
    }
  }
  return problems;
}

function validateEntry(
  input: Record<string, unknown>,
  base: MetricCatalogEntry | undefined,
): { entry?: MetricCatalogEntry; problems: string[] } {
  const problems: string[] = [];
  for (const key of Object.keys(input))
    if (!FIELDS.includes(key)) problems.push(`${key} is not a field (known: ${FIELDS.join(', ')})`);
  const pick = <T>(
    key: keyof MetricCatalogEntry,
    valid: (v: unknown) => v is T,
    expected: string,
  ): T | undefined => {
    const value = key in input ? input[key] : base?.[key];
    if (value === undefined) problems.push(`${key} is required for a metric not in the defaults`);
    else if (!valid(value)) problems.push(`${key} must be ${expected}, got ${JSON.stringify(value)}`);
    else return value;
    return undefined;
  };
  const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const entry = {
    metric: input.metric as string,
    unit: pick('unit', (v): v is string => typeof v === 'string', 'a string'),
    direction: pick('direction', (v): v is 'up' | 'down' => v === 'up' || v === 'down', '"up" or "down"'),
    warning: pick('warning', finite, 'a finite number'),
    critical: pick('critical', finite, 'a finite number'),
    failureMode: pick(
      'failureMode',
      (v): v is string => text(v) && /^[a-z0-9_]{1,64}$/.test(v),
      'snake_case',
    ),
    recommendedAction: pick('recommendedAction', text, 'a non-empty string'),
    aliases: 'aliases' in input ? input.aliases : base?.aliases,
    controlled: 'controlled' in input ? input.controlled : base?.controlled,
  };
  if (entry.controlled !== undefined && typeof entry.controlled !== 'boolean')
    problems.push(`controlled must be true or false, got ${JSON.stringify(entry.controlled)}`);
  const aliases = entry.aliases;
  if (aliases !== undefined && !isAliasList(aliases))
    problems.push(
      `aliases must be an array of metric names or gNMI paths ("/..."), got ${JSON.stringify(aliases)}`,
    );
  if (problems.length > 0) return { problems };
  const e = entry as MetricCatalogEntry;
  if (e.aliases === undefined) delete e.aliases;
  if (e.controlled === undefined) delete e.controlled;
  const ordered = e.direction === 'up' ? e.warning < e.critical : e.warning > e.critical;
  if (!ordered)
    problems.push(
      `warning (${e.warning}) must be ${e.direction === 'up' ? 'below' : 'above'} critical (${e.critical}) for direction "${e.direction}"`,
    );
  return problems.length > 0 ? { problems } : { entry: e, problems };
}

function isAliasList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.every(
      (a) => typeof a === 'string' && (NAME.test(a) || (a.startsWith('/') && NAME.test(aliasToMetric(a)))),
    )
  );
}
