import { gnmiPathToMetric, type MetricCatalogEntry } from '@preempt/contracts';

import { DEFAULT_METRIC_CATALOG } from './default-catalog';

/**
 * What a metric means for the equipment. Lookup is by exact name first (an entry's `metric`, then its `aliases`,
 * a gNMI path alias matching the metric gnmic telemetry gets from that path), then by the last `.` segment,
 * because line-protocol telemetry names its metrics `<measurement>.<field>` (`sfp.temperature`,
 * `env.fan_speed`): the field name is what identifies the physical quantity. An exact entry always wins,
 * so a site can give `psu2.psu_voltage` other limits than `psu_voltage`.
 *
 * @example
 * const catalog = new MetricCatalog();
 * catalog.lookup('chassis.temperature')?.critical; // 85
 * catalog.lookup('if_out_octets'); // undefined: anomaly detection only, no limit forecast
 * catalog.lookup('components.component.temperature.instant')?.metric; // 'temperature' (an alias)
 */
export class MetricCatalog {
  private readonly entries = new Map<string, MetricCatalogEntry>();
  private readonly aliases = new Map<string, MetricCatalogEntry>();

  constructor(entries: readonly MetricCatalogEntry[] = DEFAULT_METRIC_CATALOG) {
    for (const entry of entries) {
      this.entries.set(entry.metric, entry);
      for (const alias of entry.aliases ?? []) this.aliases.set(aliasToMetric(alias), entry);
    }
  }

  lookup(metric: string): MetricCatalogEntry | undefined {
    const exact = this.byName(metric);
    if (exact) return exact;
    const dot = metric.lastIndexOf('.');
    return dot < 0 ? undefined : this.byName(metric.slice(dot + 1));
  }

  list(): MetricCatalogEntry[] {
    return [...this.entries.values()];
  }

  private byName(name: string): MetricCatalogEntry | undefined {
    return this.entries.get(name) ?? this.aliases.get(name);
  }
}

/** A gNMI path alias names the metric gnmic telemetry gets from that path; any other alias is a metric name. */
export function aliasToMetric(alias: string): string {
  return alias.startsWith('/') ? gnmiPathToMetric(alias).metric : alias;
}
