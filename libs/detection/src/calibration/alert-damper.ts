/** Plain-data state of an {@link AlertDamper}: samples left in the current refractory period. */
export interface DamperState {
  remaining: number;
  /** consecutive quiet samples during the refractory period */
  quiet: number;
  /** highest score of the current incident (absent in states saved before escalation existed) */
  peak?: number;
  /** whether a score fell below half the alert level since that peak */
  dipped?: boolean;
}

/**
 * Alert de-duplication: once a score reaches `alertLevel`, the following `refractorySamples` scores are
 * suppressed (reported as 0), like Alertmanager's repeat interval or the refractory period of ARTime / CAD OSE.
 * One incident then raises one alert, not one per sample. With `resolveSamples` > 0 the period ends early once
 * scores stayed below half the alert level for that many samples (the incident is resolved), so a new
 * incident soon after can alert again. With `escalateAfter` (samples), a score above everything the incident
 * scored so far, after scores fell below half the alert level and at least `escalateAfter` samples after the
 * alert, alerts at once: a new, stronger burst is news, not a repeat (an alert's decaying tail would otherwise
 * hide it until the incident counts as resolved). Scores closer to the alert share its samples (the
 * likelihood's short-term mean), so they are no independent evidence of a new burst.
 *
 * @example
 * const d = new AlertDamper(0.5, 2);
 * [0.9, 0.8, 0.7, 0.6].map((s) => d.apply(s)); // [0.9, 0, 0, 0.6]
 */
export class AlertDamper {
  private readonly s: DamperState;

  constructor(
    private readonly alertLevel: number,
    private readonly refractorySamples: number,
    state?: DamperState,
    private readonly resolveSamples = 0,
    private readonly escalateAfter: number | null = null,
  ) {
    this.s = state ? { ...state } : { remaining: 0, quiet: 0 };
  }

  /** True while an alert's refractory period is running. */
  get active(): boolean {
    return this.s.remaining > 0;
  }

  /** Returns the score to report for this sample, and counts it: `score` then `learn`. */
  apply(score: number): number {
    const s = this.s;
    if (s.remaining > 0 && this.escalates(score)) s.remaining = 0;
    if (s.remaining > 0) {
      s.remaining--;
      if (score < 0.5 * this.alertLevel) s.dipped = true;
      if (score > (s.peak ?? 1)) s.peak = score;
      // The incident is resolved once scores stayed below half the alert level for resolveSamples samples.
      s.quiet = score < 0.5 * this.alertLevel ? s.quiet + 1 : 0;
      if (this.resolveSamples > 0 && s.quiet >= this.resolveSamples) s.remaining = 0;
      return 0;
    }
    s.quiet = 0;
    if (score >= this.alertLevel) {
      s.remaining = this.refractorySamples;
      s.peak = score;
      s.dipped = false;
    }
    return score;
  }

  /** The score `apply` would report, without counting the sample. */
  score(score: number): number {
    return this.s.remaining > 0 && !this.escalates(score) ? 0 : score;
  }

  /** Counts the sample (the state change of `apply`). */
  learn(score: number): void {
    this.apply(score);
  }

  /** Same as {@link apply}. */
  update(score: number): number {
    return this.apply(score);
  }

  /** A new, stronger burst during the refractory period (see the class comment). */
  private escalates(score: number): boolean {
    const s = this.s;
    if (this.escalateAfter === null || !s.dipped || score < this.alertLevel || score <= (s.peak ?? 1)) {
      return false;
    }
    const sinceAlert = this.refractorySamples - s.remaining + 1;
    return sinceAlert >= this.escalateAfter;
  }

  toJSON(): DamperState {
    return { ...this.s };
  }
}
