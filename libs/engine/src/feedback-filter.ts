import type { DetectionEvent, FeedbackRule, MetricCatalogEntry } from '@preempt/contracts';

/**
 * The false-positive feedback rules a NOC engineer created by resolving a ticket as a false positive.
 * Bounded and reversible: a rule lasts until its `expiresAt` (FEEDBACK_TTL, default 7 days) or until it is
 * undone (DELETE /api/v1/feedback/{id}); it covers one device, one failure mode and the metrics of the
 * ticket that was wrong. While it lasts, an anomaly or forecast event it covers is withheld unless the
 * observed value is beyond the metric's warning limit (a metric without limits: withheld): the pattern
 * that was judged harmless no longer opens that failure mode on that device, a real limit approach does,
 * and every other device is unaffected. `recovered` events always pass.
 *
 * @example
 * const filter = FeedbackFilter.from(message.rules);
 * filter.withholds(event, catalog.lookup(event.evidence.metric)) // the covering rule, or null
 */
export class FeedbackFilter {
  static readonly EMPTY = new FeedbackFilter([]);
  private readonly byDevice = new Map<string, FeedbackRule[]>();

  private constructor(readonly rules: readonly FeedbackRule[]) {
    for (const rule of rules) {
      const key = `${rule.tenant}\u0000${rule.device}`;
      const list = this.byDevice.get(key) ?? [];
      list.push(rule);
      this.byDevice.set(key, list);
    }
  }

  static from(rules: readonly FeedbackRule[]): FeedbackFilter {
    return rules.length === 0 ? FeedbackFilter.EMPTY : new FeedbackFilter(rules);
  }

  get size(): number {
    return this.rules.length;
  }

  /** The rule that withholds the event, or null when it passes. */
  withholds(event: DetectionEvent, entry: MetricCatalogEntry | undefined): FeedbackRule | null {
    if (event.type === 'recovered' || this.byDevice.size === 0) return null;
    const rules = this.byDevice.get(`${event.tenant}\u0000${event.device}`);
    if (!rules) return null;
    const { metric, at, observed } = event.evidence;
    const rule = rules.find(
      (r) => r.failureMode === event.failureMode && r.metrics.includes(metric) && at < r.expiresAt,
    );
    if (!rule) return null;
    if (entry && (entry.direction === 'up' ? observed >= entry.warning : observed <= entry.warning))
      return null;
    return rule;
  }
}
