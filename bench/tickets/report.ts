import { fmt, percentile } from '../shared/bench-util';
import type { LoadStats } from './background-load';
import type { Snapshot } from './platform-api';

export interface Trial {
  device: string;
  /** publish of the deciding point -> the API answered with the ticket (Infinity: timed out) */
  latencyMs: number;
  /** publish -> the ticket's openedAt (wall clock taken in the tickets transaction, ms resolution) */
  toOpenedMs: number;
  /** the ticket's detectedAt is the deciding point's timestamp */
  decidedByThisPoint: boolean;
  polls: number;
  /** polls answered with an error */
  errors: number;
}

export interface BenchRun {
  trials: Trial[];
  skippedEarly: number;
  primed: boolean;
  config: { trials: number; loadRate: number; loadDevices: number; loadMetrics: number };
  /** scrapes at the start and end of the measured phase, and 2 s after it */
  start: Snapshot;
  end: Snapshot;
  settled: Snapshot;
  load: { start: LoadStats; end: LoadStats; final: LoadStats };
  /** platform process CPU during the measured phase, in cores */
  platformCpu: number;
  loadAverage: { start: number; end: number };
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');
const meanMs = (seconds: number, count: number) => (count > 0 ? (seconds / count) * 1000 : NaN);
const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/** Prints the table and, last, the JSON line. */
export function report(run: BenchRun): void {
  const { start, end, settled, config } = run;
  const done = run.trials.filter((t) => Number.isFinite(t.latencyMs));
  const latencies = done.map((t) => t.latencyMs);
  const toOpened = done.map((t) => t.toOpenedMs);
  const elapsedS = (end.at - start.at) / 1000;
  const targetPoints = config.loadRate * config.loadMetrics;
  const publishedPoints = ((run.load.end.sent - run.load.start.sent) * config.loadMetrics) / elapsedS;
  const acceptedPoints = (end.ingestPoints - start.ingestPoints) / elapsedS;
  const skipped = run.load.end.skipped - run.load.start.skipped;
  // messages published during the phase that ingest had not taken 2 s after it (the two counters are read
  // a few ms apart and ingest also counts the trial messages: clamp at 0)
  const backlogMessages = Math.max(
    0,
    run.load.end.sent - run.load.start.sent - (settled.ingestMessages - start.ingestMessages),
  );
  const keptUp = skipped === 0 && acceptedPoints >= 0.95 * targetPoints && backlogMessages <= config.loadRate;
  const figures = {
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.length ? Math.max(...latencies) : NaN,
    toOpenedP50: percentile(toOpened, 50),
    toOpenedP99: percentile(toOpened, 99),
    ingestMeanMs: meanMs(end.ingestSeconds - start.ingestSeconds, end.ingestCount - start.ingestCount),
    ticketTxMeanMs: meanMs(end.ticketSeconds - start.ticketSeconds, end.ticketCount - start.ticketCount),
    checkpointMeanMs: meanMs(
      end.checkpointSeconds - start.checkpointSeconds,
      end.checkpointCount - start.checkpointCount,
    ),
    checkpointRows:
      (end.checkpointRows - start.checkpointRows) / Math.max(1, end.checkpointCount - start.checkpointCount),
  };

  console.log('');
  console.log(
    `tickets benchmark: all-in-one platform (ingest -> InfluxDB -> detector -> tickets/PostgreSQL), real Mosquitto; ` +
      `${done.length}/${run.trials.length} trials (${run.skippedEarly} skipped: ticket before the deciding point), ` +
      `background ${fmt(config.loadRate)} msg/s x ${config.loadMetrics} metrics over ${fmt(config.loadDevices)} devices`,
  );
  console.log('| measure | value |');
  console.log('|---|---:|');
  console.log(`| deciding point published -> ticket in API, p50 | ${ms(figures.p50)} |`);
  console.log(`| p90 | ${ms(figures.p90)} |`);
  console.log(`| p99 (target <= 250 ms) | ${ms(figures.p99)} |`);
  console.log(`| max | ${ms(figures.max)} |`);
  console.log(`| timeouts (> 10 s) | ${run.trials.length - done.length} |`);
  console.log(`| API polls failed (retried) | ${run.trials.reduce((n, t) => n + t.errors, 0)} |`);
  console.log(
    `| detection events applied by tickets (measured phase) | ${fmt((end.eventsApplied - start.eventsApplied) / elapsedS, 1)} /s |`,
  );
  console.log(
    `| ticket detectedAt = the deciding point | ${done.filter((t) => t.decidedByThisPoint).length}/${done.length} |`,
  );
  console.log(
    `| published -> tickets transaction start (openedAt), p50 / p99 | ${ms(figures.toOpenedP50)} / ${ms(figures.toOpenedP99)} |`,
  );
  console.log(`| ingest receipt -> durable in InfluxDB, mean per message | ${ms(figures.ingestMeanMs)} |`);
  console.log(`| tickets event receipt -> commit, mean | ${ms(figures.ticketTxMeanMs)} |`);
  console.log(
    `| detector checkpoint write, mean (rows each) | ${ms(figures.checkpointMeanMs)} (${fmt(figures.checkpointRows)}) |`,
  );
  console.log(
    `| platform event-loop delay p99 / max (measured phase) | ${ms(end.loopLagP99 * 1000)} / ${ms(end.loopLagMax * 1000)} |`,
  );
  console.log(`| background target | ${fmt(targetPoints)} points/s |`);
  console.log(`| background published (generator) | ${fmt(publishedPoints)} points/s |`);
  console.log(`| background accepted at ingest (/metrics delta) | ${fmt(acceptedPoints)} points/s |`);
  console.log(
    `| kept up (nothing skipped, >= 95% accepted, backlog < 1 s) | ${keptUp ? 'yes' : 'no'} (backlog ${fmt(backlogMessages)} msgs, skipped ${fmt(skipped)}) |`,
  );
  console.log(`| platform CPU (cores) | ${run.platformCpu.toFixed(2)} |`);
  console.log(
    `| load average start / end (2 cores, shared) | ${run.loadAverage.start} / ${run.loadAverage.end} |`,
  );
  console.log(
    JSON.stringify({
      bench: 'tickets',
      trials: run.trials.length,
      completed: done.length,
      skippedEarly: run.skippedEarly,
      p50Ms: round(figures.p50),
      p90Ms: round(figures.p90),
      p99Ms: round(figures.p99),
      maxMs: round(figures.max),
      targetP99Ms: 250,
      toOpenedP50Ms: round(figures.toOpenedP50),
      toOpenedP99Ms: round(figures.toOpenedP99),
      ingestDurableMeanMs: round(figures.ingestMeanMs),
      ticketTxMeanMs: round(figures.ticketTxMeanMs),
      checkpointMeanMs: round(figures.checkpointMeanMs),
      checkpointRows: Math.round(figures.checkpointRows),
      loopLagP99Ms: round(end.loopLagP99 * 1000),
      loopLagMaxMs: round(end.loopLagMax * 1000),
      backgroundTargetPointsPerSec: targetPoints,
      backgroundPublishedPointsPerSec: Math.round(publishedPoints),
      backgroundAcceptedPointsPerSec: Math.round(acceptedPoints),
      backgroundKeptUp: keptUp,
      backgroundDevices: config.loadDevices,
      eventsAppliedPerSec: round((end.eventsApplied - start.eventsApplied) / elapsedS),
      pollErrors: run.trials.reduce((n, t) => n + t.errors, 0),
      platformCpuCores: round(run.platformCpu, 2),
      loadAverage: [run.loadAverage.start, run.loadAverage.end],
    }),
  );
}
