/**
 * Normal / abnormal state of one series with hysteresis (issue "faults that persist"). The point scores of
 * a SeriesDetector stay what they are (the detector learns a lasting shift within samples, which is what
 * a point score should do); this state remembers the regime the series left:
 *
 * - normal -> abnormal when a point scores >= `enterScore`; the series' expected level before that point
 *   (de-seasonalized) and its spread are frozen as the old regime;
 * - abnormal -> normal when `returnSamples` consecutive points lie within `bandSigmas` old spreads of the
 *   old level (plus the current seasonal offset): the signal returned to its old regime;
 * - or when the shift is accepted: after `acceptSamples` samples abnormal (the detector's long-term
 *   statistics span 2000 samples: by then they have forgotten the old regime too), or at once by
 *   `accept(startedBy)`: a NOC engineer judged what the series shows normal (false-positive feedback, see
 *   libs/engine DetectionEngine.accept). Only a regime that had started by then is accepted: a fault that
 *   starts after the judgement is a new one.
 *
 * Plain data; `score` never mutates, `learn` does (River's score_one / learn_one); `update` is both.
 * @example
 * const r = new SeriesRegime();
 * r.update({ value, score: a.score, expected: a.expected, spread, seasonal }) // true while abnormal
 */
export interface RegimeOptions {
  enterScore: number;
  bandSigmas: number;
  returnSamples: number;
  acceptSamples: number;
}

export const defaultRegimeOptions: RegimeOptions = {
  enterScore: 0.5,
  bandSigmas: 3,
  returnSamples: 12,
  acceptSamples: 2000,
};

/** Plain-data state of a SeriesRegime. */
export interface RegimeState {
  abnormal: boolean;
  /** the old regime: de-seasonalized level and spread, frozen when the series became abnormal */
  level: number;
  spread: number;
  /** consecutive points back inside the old regime's band */
  inside: number;
  /** samples since the series became abnormal */
  samples: number;
  /** shifts accepted so far (by time or by accept()) */
  accepted: number;
  /** event time of the point that started the abnormal regime (null: unknown, or a state saved before it was kept) */
  since?: number | null;
}

/** What one point tells the regime (from a SeriesDetector's Assessment and its learned cycles). */
export interface RegimeInput {
  value: number;
  /** the point's calibrated score */
  score: number;
  /** the detector's expected value for the point (before learning it) and its residual spread */
  expected: number;
  spread: number;
  /** the seasonal offset at the point's time (0 without learned cycles) */
  seasonal: number;
  /** the point's event time (epoch ms): kept as the start of a regime it starts */
  ts?: number;
}

export class SeriesRegime {
  private readonly o: RegimeOptions;
  private readonly s: RegimeState;

  constructor(options: Partial<RegimeOptions> = {}, state?: RegimeState) {
    this.o = { ...defaultRegimeOptions, ...options };
    this.s = state
      ? { ...state, since: state.since ?? null }
      : { abnormal: false, level: 0, spread: 0, inside: 0, samples: 0, accepted: 0, since: null };
  }

  static fromJSON(state: RegimeState, options: Partial<RegimeOptions> = {}): SeriesRegime {
    return new SeriesRegime(options, state);
  }

  get abnormal(): boolean {
    return this.s.abnormal;
  }

  /** The state after `input`, without learning it. */
  score(input: RegimeInput): boolean {
    const copy = { ...this.s };
    step(copy, input, this.o);
    return copy.abnormal;
  }

  /** Learns one point (in place: no allocation per point, the hot path of the engine). */
  learn(input: RegimeInput): void {
    step(this.s, input, this.o);
  }

  /** Learns one point; returns the state after it (true: abnormal). */
  update(input: RegimeInput): boolean {
    this.learn(input);
    return this.s.abnormal;
  }

  /** Event time the abnormal regime started at; null while normal (or unknown: an older saved state). */
  get since(): number | null {
    return this.s.abnormal ? (this.s.since ?? null) : null;
  }

  /**
   * Accepts the abnormal regime as the new normal, if it had started by `startedBy` (event time, epoch ms;
   * a regime of unknown start counts as started). Returns whether it did.
   * @example regime.accept(rule.createdAt) // the regime the engineer judged; a later fault stays abnormal
   */
  accept(startedBy = Infinity): boolean {
    const s = this.s;
    if (!s.abnormal || (s.since ?? -Infinity) > startedBy) return false;
    s.abnormal = false;
    s.inside = 0;
    s.accepted++;
    return true;
  }

  toJSON(): RegimeState {
    return { ...this.s };
  }
}

/** The transition of one point, applied to `s` in place. */
function step(s: RegimeState, p: RegimeInput, o: RegimeOptions): void {
  if (!s.abnormal) {
    if (!(p.score >= o.enterScore)) return;
    s.abnormal = true;
    s.level = p.expected - p.seasonal;
    s.spread = p.spread;
    s.inside = 0;
    s.samples = 1;
    s.since = p.ts ?? null;
    return;
  }
  const within = Math.abs(p.value - (s.level + p.seasonal)) <= o.bandSigmas * s.spread;
  s.inside = within ? s.inside + 1 : 0;
  s.samples++;
  if (s.inside >= o.returnSamples || s.samples >= o.acceptSamples) {
    if (s.inside < o.returnSamples) s.accepted++;
    s.abnormal = false;
    s.inside = 0;
  }
}
