/** Plain-data state of an {@link AlertDamper}: samples left in the current refractory period. */
export interface DamperState {
  remaining: number;
}

/**
 * Alert de-duplication: once a score reaches `alertLevel`, the following `refractorySamples` scores are
 * suppressed (reported as 0), like Alertmanager's repeat interval or the refractory period of ARTime / CAD OSE.
 * One incident then raises one alert, not one per sample.
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
  ) {
    this.s = state ? { ...state } : { remaining: 0 };
  }

  /** True while an alert's refractory period is running. */
  get active(): boolean {
    return this.s.remaining > 0;
  }

  /** Returns the score to report for this sample. */
  apply(score: number): number {
    if (this.s.remaining > 0) {
      this.s.remaining--;
      return 0;
    }
    if (score >= this.alertLevel) this.s.remaining = this.refractorySamples;
    return score;
  }

  toJSON(): DamperState {
    return { ...this.s };
  }
}
