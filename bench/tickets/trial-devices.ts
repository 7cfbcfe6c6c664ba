import { DetectionEngine, MetricCatalog } from '@preempt/engine';

import { loadDetectorEnv, toDetectorConfig } from '../../apps/detector/src';

/**
 * The measured devices of bench:tickets. Each has one metric outside the catalog (`bench_signal`: anomaly
 * detection only, no limit forecast, and no multivariate model with a single metric):
 * - history: `history` healthy samples at 1-min event-time spacing (50 + gaussian noise), sent as one JSON
 *   array message, more than the detector's 100-sample warm-up;
 * - then spikes 5 min of event time apart: the first starts an incident (anomaly), each later one falls
 *   outside the band with the repeat interval (5 min) elapsed (anomaly again). The tickets rule opens on
 *   3 distinct anomalous points within 30 min, so with 3 spikes the third is the deciding point.
 * Noise can make the detector alert during the history (and its refractory period then hides a spike), so
 * the seeds are screened with the detector's own pure engine (the platform's default configuration): a
 * device is kept only if its history gives no event and every spike exactly one anomaly.
 */
export const TRIAL_TENANT = 'bench';
export const TRIAL_METRIC = 'bench_signal';
const MINUTE = 60_000;
const SPIKE_SPACING = 5 * MINUTE;

export interface TrialDevice {
  device: string;
  topic: string;
  seed: number;
  /** event time of the first spike */
  firstSpikeAt: number;
}

type Sample = readonly [string, number, number];

/** Deterministic standard normal noise (an LCG and Box-Muller), so runs differ only by timing. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return (state + 1) / (2 ** 32 + 1);
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function historySamples(trial: TrialDevice, history: number): Sample[] {
  const next = gaussian(trial.seed);
  return Array.from({ length: history }, (_, i) => [
    TRIAL_METRIC,
    trial.firstSpikeAt - (history - i) * MINUTE,
    Math.round((50 + next()) * 100) / 100,
  ]);
}

function spikeSample(trial: TrialDevice, k: number): Sample {
  return [TRIAL_METRIC, trial.firstSpikeAt + k * SPIKE_SPACING, 90 + 5 * k];
}

/** Whether the detector's engine gives no event for the history and exactly one anomaly per spike. */
function behaves(engine: DetectionEngine, trial: TrialDevice, history: number, spikes: number): boolean {
  if (engine.process(TRIAL_TENANT, trial.device, historySamples(trial, history)).length > 0) return false;
  for (let k = 0; k < spikes; k++) {
    const events = engine.process(TRIAL_TENANT, trial.device, [spikeSample(trial, k)]);
    if (events.length !== 1 || events[0].type !== 'anomaly') return false;
  }
  return true;
}

/** `count` screened devices whose history ends 1 min before their first spike, all in the past. */
export function trialDevices(count: number, history: number, spikes: number, now: number): TrialDevice[] {
  const firstSpikeAt = now - (spikes + 1) * SPIKE_SPACING - MINUTE;
  const config = toDetectorConfig(loadDetectorEnv({}));
  const trials: TrialDevice[] = [];
  for (let seed = 1; trials.length < count; seed++) {
    if (seed > count * 20) throw new Error('too few trial seeds behave as expected');
    const engine = new DetectionEngine(new MetricCatalog(config.catalog), {
      partitions: config.partitions,
      maxSeries: 10,
      policy: config.policy,
      multivariate: config.multivariate,
    });
    const device = `trial-${trials.length}`;
    const trial = { device, topic: `telemetry/${TRIAL_TENANT}/${device}`, seed, firstSpikeAt };
    if (behaves(engine, trial, history, spikes)) trials.push(trial);
  }
  return trials;
}

/** The healthy history as one JSON message: an array of samples. */
export function historyPayload(trial: TrialDevice, history: number): string {
  return JSON.stringify(
    historySamples(trial, history).map(([metric, ts, value]) => ({ ts, metrics: { [metric]: value } })),
  );
}

/** Spike k (0-based) as a JSON message, with its timestamp. */
export function spike(trial: TrialDevice, k: number): { ts: number; payload: string } {
  const [metric, ts, value] = spikeSample(trial, k);
  return { ts, payload: JSON.stringify({ ts, metrics: { [metric]: value } }) };
}
