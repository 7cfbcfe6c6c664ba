import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One prom-client registry per process (not the global default, so tests can build several apps).
 * Metric names follow Prometheus conventions: `preempt_<app>_<thing>_<unit|total>`.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'preempt_' });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.existing(name) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(
    name: string,
    help: string,
    collect?: (gauge: Gauge<L>) => void,
    labelNames: readonly L[] = [],
  ): Gauge<L> {
    return (
      this.existing(name) ??
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        collect: collect
          ? function (this: Gauge<L>) {
              collect(this);
            }
          : undefined,
      })
    );
  }

  histogram<L extends string>(
    name: string,
    help: string,
    buckets: number[],
    labelNames: readonly L[] = [],
  ): Histogram<L> {
    return (
      this.existing(name) ?? new Histogram({ name, help, buckets, labelNames, registers: [this.registry] })
    );
  }

  private existing<T>(name: string): T | undefined {
    return this.registry.getSingleMetric(name) as T | undefined;
  }
}
