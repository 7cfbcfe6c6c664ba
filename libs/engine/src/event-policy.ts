/**
 * When a series' assessments become events. Pure: the caller feeds what the models said at a point (event
 * time) and gets back which events to emit; the state is plain data, checkpointed with the model.
 *
 * - `anomaly`: the calibrated score reaches `alertLevel` (0.5 = a 1e-5 tail probability): an incident starts.
 *   The detection library reports only the first score of an incident (its refractory period), so while
 *   the incident lasts (values keep falling outside the expected band, with no gap of `anomalyRepeatMs`)
 *   the policy repeats the event at most once per `anomalyRepeatMs`, sooner when the score rises by
 *   `scoreRise`: a lasting problem gives a steady stream of evidence, an isolated spike a single event.
 * - `forecast`: the limit forecast (evaluated every `forecastIntervalMs` of event time, it is costlier than
 *   scoring) predicts a crossing within `horizonMs`. One event per evaluation while predicted, so a consumer
 *   sees the persistence of the prediction (and the band narrowing as the crossing nears).
 * - `recovered`: a series that emitted anomaly or forecast has been normal (no anomaly, no predicted breach,
 *   value on the good side of the warning limit) for `recoveryHoldMs` of event time.
 */
export interface EventPolicyOptions {
  alertLevel: number;
  anomalyRepeatMs: number;
  scoreRise: number;
  forecastIntervalMs: number;
  horizonMs: number;
  recoveryHoldMs: number;
}

export const defaultEventPolicyOptions: EventPolicyOptions = {
  alertLevel: 0.5,
  anomalyRepeatMs: 5 * 60_000,
  scoreRise: 0.1,
  forecastIntervalMs: 5 * 60_000,
  horizonMs: 24 * 3_600_000,
  recoveryHoldMs: 30 * 60_000,
};

/** Per-series policy state (JSON). Times are event time, epoch ms; -1 = never. */
export interface PolicyState {
  lastAnomalyAt: number;
  lastAnomalyScore: number;
  lastForecastEvalAt: number;
  /** the last forecast evaluation predicted a breach within the horizon */
  predicting: boolean;
  /** an anomaly or forecast was emitted and no recovered since */
  active: boolean;
  /** last event time at which the series was not normal */
  lastBadAt: number;
  /** an incident started (score >= alertLevel) and values keep falling outside the band */
  inIncident: boolean;
  lastOutsideAt: number;
}

export function initialPolicyState(): PolicyState {
  return {
    lastAnomalyAt: -1,
    lastAnomalyScore: 0,
    lastForecastEvalAt: -1,
    predicting: false,
    active: false,
    lastBadAt: -1,
    inIncident: false,
    lastOutsideAt: -1,
  };
}

/** Whether the limit forecast should be computed at `ts` (every forecastIntervalMs of event time). */
export function forecastDue(state: PolicyState, ts: number, o: EventPolicyOptions): boolean {
  return state.lastForecastEvalAt < 0 || ts - state.lastForecastEvalAt >= o.forecastIntervalMs;
}

export interface PointFacts {
  ts: number;
  score: number;
  /** the value is outside the model's expected band */
  outsideBand: boolean;
  /** the value is beyond the warning limit (false for metrics without limits) */
  beyondWarning: boolean;
  /** undefined: not evaluated at this point; otherwise the ms until the predicted breach, or null for none */
  breachInMs?: number | null;
}

export interface PolicyDecision {
  anomaly: boolean;
  forecast: boolean;
  recovered: boolean;
}

/** Decides the events for one point and updates `state` in place. */
export function decideEvents(state: PolicyState, facts: PointFacts, o: EventPolicyOptions): PolicyDecision {
  const { ts } = facts;
  if (state.inIncident && ts - state.lastOutsideAt > o.anomalyRepeatMs) state.inIncident = false;
  if (facts.outsideBand) state.lastOutsideAt = ts;
  if (facts.score >= o.alertLevel) state.inIncident = true;
  const anomalous = facts.score >= o.alertLevel || (state.inIncident && facts.outsideBand);
  let anomaly = false;
  if (anomalous) {
    const repeatDue = state.lastAnomalyAt < 0 || ts - state.lastAnomalyAt >= o.anomalyRepeatMs;
    const rising = facts.score >= state.lastAnomalyScore + o.scoreRise;
    if (repeatDue || rising) {
      anomaly = true;
      state.lastAnomalyAt = ts;
      state.lastAnomalyScore = facts.score;
    }
  }
  let forecast = false;
  if (facts.breachInMs !== undefined) {
    state.lastForecastEvalAt = ts;
    state.predicting = facts.breachInMs !== null && facts.breachInMs <= o.horizonMs;
    forecast = state.predicting;
  }
  if (anomalous || state.predicting || facts.beyondWarning) state.lastBadAt = ts;
  if (anomaly || forecast) {
    state.active = true;
    return { anomaly, forecast, recovered: false };
  }
  const recovered = state.active && ts - state.lastBadAt >= o.recoveryHoldMs;
  if (recovered) state.active = false;
  return { anomaly, forecast, recovered };
}
