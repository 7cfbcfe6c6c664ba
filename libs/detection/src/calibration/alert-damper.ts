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

import { stateSlots } from '../stats/ew-mean-var';

// slots of the state array (unboxed doubles, see README hot path); NaN: the optional field is absent
const REMAINING = 0;
const QUIET = 1;
const PEAK = 2;
const DIPPED = 3; // 0 / 1
/** Number of slots an AlertDamper keeps in its state array. */
export const DAMPER_SLOTS = 4;

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
  // the DamperState in slots [b, b + DAMPER_SLOTS) of v: its own array, or a part of the owner's
  private readonly v: number[];
  private readonly b: number;

  /** `slab` / `at`: keep the state in slots [at, at + DAMPER_SLOTS) of the caller's double array. */
  constructor(
    private readonly alertLevel: number,
    private readonly refractorySamples: number,
    state?: DamperState,
    private readonly resolveSamples = 0,
    private readonly escalateAfter: number | null = null,
    slab?: number[],
    at = 0,
  ) {
    const v = (this.v = stateSlots(DAMPER_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    v[b + REMAINING] = state ? state.remaining : 0;
    v[b + QUIET] = state ? state.quiet : 0;
    v[b + PEAK] = state?.peak ?? NaN;
    v[b + DIPPED] = state?.dipped === undefined ? NaN : state.dipped ? 1 : 0;
  }

  /** True while an alert's refractory period is running. */
  get active(): boolean {
    return this.v[this.b + REMAINING] > 0;
  }

  /** Returns the score to report for this sample, and counts it: `score` then `learn`. */
  apply(score: number): number {
    const v = this.v;
    const b = this.b;
    if (v[b + REMAINING] > 0 && this.escalates(score)) v[b + REMAINING] = 0;
    if (v[b + REMAINING] > 0) {
      v[b + REMAINING]--;
      if (score < 0.5 * this.alertLevel) v[b + DIPPED] = 1;
      // no peak yet counts as 1 (no score exceeds it)
      if (score > (Number.isNaN(v[b + PEAK]) ? 1 : v[b + PEAK])) v[b + PEAK] = score;
      // The incident is resolved once scores stayed below half the alert level for resolveSamples samples.
      v[b + QUIET] = score < 0.5 * this.alertLevel ? v[b + QUIET] + 1 : 0;
      if (this.resolveSamples > 0 && v[b + QUIET] >= this.resolveSamples) v[b + REMAINING] = 0;
      return 0;
    }
    v[b + QUIET] = 0;
    if (score >= this.alertLevel) {
      v[b + REMAINING] = this.refractorySamples;
      v[b + PEAK] = score;
      v[b + DIPPED] = 0;
    }
    return score;
  }

  /** The score `apply` would report, without counting the sample. */
  score(score: number): number {
    return this.v[this.b + REMAINING] > 0 && !this.escalates(score) ? 0 : score;
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
    const v = this.v;
    const b = this.b;
    const peak = Number.isNaN(v[b + PEAK]) ? 1 : v[b + PEAK];
    if (this.escalateAfter === null || !(v[b + DIPPED] === 1) || score < this.alertLevel || score <= peak) {
      return false;
    }
    const sinceAlert = this.refractorySamples - v[b + REMAINING] + 1;
    return sinceAlert >= this.escalateAfter;
  }

  toJSON(): DamperState {
    const v = this.v;
    const b = this.b;
    const state: DamperState = { remaining: v[b + REMAINING], quiet: v[b + QUIET] };
    if (!Number.isNaN(v[b + PEAK])) state.peak = v[b + PEAK];
    if (!Number.isNaN(v[b + DIPPED])) state.dipped = v[b + DIPPED] === 1;
    return state;
  }
}
