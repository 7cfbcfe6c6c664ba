/** Plain-data state of an {@link AlertDamper}: samples left in the current refractory period. */
export interface DamperState {
  remaining: number;
  /** consecutive quiet samples during the refractory period */
  quiet: number;
}

/**
 * Alert de-duplication: once a score reaches `alertLevel`, the following `refractorySamples` scores are
 * suppressed (reported as 0), like Alertmanager's repeat interval or the refractory period of ARTime / CAD OSE.
 * One incident then raises one alert, not one per sample. With `resolveSamples` > 0 the period ends early once
 * scores stayed below half the alert level for that many samples (the incident is resolved), so a new
 * incident soon after can alert again.
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
    if (s.remaining > 0) {
      s.remaining--;
      // The incident is resolved once scores stayed below half the alert level for resolveSamples samples.
      s.quiet = score < 0.5 * this.alertLevel ? s.quiet + 1 : 0;
      if (this.resolveSamples > 0 && s.quiet >= this.resolveSamples) s.remaining = 0;
      return 0;
    }
    s.quiet = 0;
    if (score >= this.alertLevel) this.s.remaining = this.refractorySamples;
    return score;
  }

  /** The score `apply` would report, without counting the sample. */
  score(score: number): number {
    return this.s.remaining > 0 ? 0 : score;
  }

  /** Counts the sample (the state change of `apply`). */
  learn(score: number): void {
    this.apply(score);
  }

  /** Same as {@link apply}. */
  update(score: number): number {
    return this.apply(score);
  }

  toJSON(): DamperState {
    return { ...this.s };
  }
}
