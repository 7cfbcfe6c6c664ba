/**
 * Scratch: the real SeriesDetector vs a struct-of-arrays batch kernel of its warm path (bench/_soa/soa-kernel.ts).
 *
 *   cd /work/main && node -r @swc-node/register bench/_soa/bench-soa.ts
 *   env: BENCH_SERIES (10000), SOA_REPEATS (3 warm-ups), SOA_KERNEL_RUNS (3 kernel runs per warm-up),
 *        SOA_ARR=arr (number[] instead of Float64Array)
 *
 * Each repeat: the real pipeline learns steps 0..589 of bench-detect's data (same generator, seed 42), its
 * state is copied into the SoA arrays, then steps 590..719 run both ways (the order alternates between
 * repeats): (a) the real detectors continuing, (b) the kernel (several times, from the same copied state).
 * Outputs (score, rawScore, expected, component) and the final states are compared bit for bit.
 */
import { execSync } from 'node:child_process';

import { SeriesDetector } from '@preempt/detection';

import { seededRandom } from '../../simulators/src/random';
import { diffSoa, loadSoa } from './load';
import {
  ARR_KIND,
  COMPONENTS,
  copySoa,
  ENTRY_MAJOR,
  EVENTS,
  mk,
  PASS_MS,
  PASS_NAMES,
  Soa,
  step,
  VARIANT,
} from './soa-kernel';

const AB = process.env.SOA_AB as keyof typeof VARIANT | undefined;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const STEP_MS = 5 * MINUTE_MS;
const T0 = Date.UTC(2026, 0, 5);
const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const POINTS = 720;
const WARM_STEPS = Math.floor((2.05 * DAY_MS) / STEP_MS); // 590
const REPEATS = Number(process.env.SOA_REPEATS ?? 3);
const KERNEL_RUNS = Number(process.env.SOA_KERNEL_RUNS ?? 3);

/** values[step * SERIES + series] — copied from bench/detect/bench-detect.ts generateSeries. */
function generateSeries(): Float64Array {
  const rnd = seededRandom(42);
  const level = Float64Array.from({ length: SERIES }, () => 10 + 90 * rnd());
  const noise = Float64Array.from(level, (l) => l * (0.01 + 0.04 * rnd()));
  const amp = Float64Array.from(level, (l) => l * 0.2 * rnd());
  const phase = Float64Array.from(level, () => 2 * Math.PI * rnd());
  const values = new Float64Array(SERIES * POINTS);
  for (let t = 0; t < POINTS; t++) {
    const angle = (2 * Math.PI * t * STEP_MS) / DAY_MS;
    for (let s = 0; s < SERIES; s++) {
      const gauss = rnd() + rnd() + rnd() - 1.5;
      values[t * SERIES + s] = level[s] + amp[s] * Math.sin(angle + phase[s]) + 2 * noise[s] * gauss;
    }
  }
  return values;
}

const load = (): string =>
  execSync('uptime')
    .toString()
    .trim()
    .replace(/.*load/, 'load');
const warmPoints = (POINTS - WARM_STEPS) * SERIES;
const mps = (sec: number): string => `${(warmPoints / sec / 1e6).toFixed(3)} M points/s`;

function main(): void {
  const values = generateSeries();
  // the kernel reads values through the Arr type: give it the same array kind as its state
  const kValues =
    ARR_KIND === 'f64'
      ? values
      : (() => {
          const a = mk(values.length);
          for (let i = 0; i < values.length; i++) a[i] = values[i];
          return a;
        })();
  const W = POINTS - WARM_STEPS;
  const realScore = new Float64Array(W * SERIES);
  const realRaw = new Float64Array(W * SERIES);
  const realExp = new Float64Array(W * SERIES);
  const realComp = new Int8Array(W * SERIES);
  const kScore = mk(W * SERIES);
  const kRaw = mk(W * SERIES);
  const kExp = mk(W * SERIES);
  const kComp = new Int8Array(W * SERIES);
  const start = new Soa(SERIES);
  const work = new Soa(SERIES);
  const after = new Soa(SERIES);
  const compCode = new Map(COMPONENTS.map((c, i) => [c, i]));
  console.log(
    `series ${SERIES}, warm steps ${WARM_STEPS}..${POINTS - 1} (${warmPoints} points), arrays ${ARR_KIND}, count table ${ENTRY_MAJOR ? 'entry-major' : 'series-major'}`,
  );
  const abPasses: Record<string, Float64Array> = {};
  const abMps: Record<string, number[]> = {};
  const results = {
    real: [] as number[],
    kernel: [] as number[],
    realCpu: [] as number[],
    kernelCpu: [] as number[],
  };

  for (let rep = 0; rep < REPEATS; rep++) {
    const models = Array.from({ length: SERIES }, () => new SeriesDetector());
    const w0 = process.hrtime.bigint();
    for (let t = 0; t < WARM_STEPS; t++) {
      const ts = T0 + t * STEP_MS;
      const off = t * SERIES;
      for (let s = 0; s < SERIES; s++) models[s].update(ts, values[off + s]);
    }
    const warmupSec = Number(process.hrtime.bigint() - w0) / 1e9;
    loadSoa(models, start);
    let dailyOn = 0;
    for (let s = 0; s < SERIES; s++) dailyOn += start.dailyOn[s];

    const runReal = (): number => {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let t = WARM_STEPS; t < POINTS; t++) {
        const ts = T0 + t * STEP_MS;
        const off = t * SERIES;
        const o = (t - WARM_STEPS) * SERIES;
        for (let s = 0; s < SERIES; s++) {
          const a = models[s].update(ts, values[off + s]);
          realScore[o + s] = a.score;
          realRaw[o + s] = a.rawScore;
          realExp[o + s] = a.expected;
          realComp[o + s] = compCode.get(a.component)!;
        }
      }
      const sec = Number(process.hrtime.bigint() - t0) / 1e9;
      lastCpu = cpuSec(process.cpuUsage(c0));
      return sec;
    };
    let switches = 0;
    let lastCpu = 0;
    const cpuSec = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;
    const runKernel = (): number => {
      copySoa(start, work); // untimed
      for (const k of Object.keys(EVENTS) as (keyof typeof EVENTS)[]) EVENTS[k] = 0;
      switches = 0;
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let t = WARM_STEPS; t < POINTS; t++) {
        const ts = T0 + t * STEP_MS;
        switches += step(
          work,
          ts,
          ts - STEP_MS,
          kValues,
          t * SERIES,
          kScore,
          kRaw,
          kExp,
          kComp,
          (t - WARM_STEPS) * SERIES,
        );
      }
      const sec = Number(process.hrtime.bigint() - t0) / 1e9;
      lastCpu = cpuSec(process.cpuUsage(c0));
      return sec;
    };

    const kernelFirst = rep % 2 === 1;
    const kSecs: number[] = [];
    let rSec = 0;
    const kCpu: number[] = [];
    let rCpu = 0;
    const kernels = (): void => {
      for (let k = 0; k < KERNEL_RUNS; k++) {
        if (AB) VARIANT[AB] = (k + rep) % 2 === 1;
        PASS_MS.fill(0);
        kSecs.push(runKernel());
        kCpu.push(lastCpu);
        const tag = AB ? `${AB}=${VARIANT[AB]}` : 'kernel';
        (abPasses[tag] ??= new Float64Array(PASS_MS.length)).forEach((x, i, a) => (a[i] = x + PASS_MS[i]));
        (abMps[tag] ??= []).push(Math.round(warmPoints / kSecs[kSecs.length - 1]));
      }
    };
    if (kernelFirst) kernels();
    rSec = runReal();
    rCpu = lastCpu;
    if (!kernelFirst) kernels();
    results.realCpu.push(warmPoints / rCpu);
    for (const k of kCpu) results.kernelCpu.push(warmPoints / k);
    results.real.push(warmPoints / rSec);
    for (const k of kSecs) results.kernel.push(warmPoints / k);

    // exactness (the last kernel run's outputs and state; all kernel runs start from the same state)
    let eqScore = 0,
      eqRaw = 0,
      eqExp = 0,
      eqComp = 0,
      maxScore = 0,
      maxRaw = 0,
      maxExp = 0,
      alerts = 0;
    for (let i = 0; i < W * SERIES; i++) {
      if (Object.is(realScore[i], kScore[i])) eqScore++;
      else maxScore = Math.max(maxScore, Math.abs(realScore[i] - kScore[i]));
      if (Object.is(realRaw[i], kRaw[i])) eqRaw++;
      else maxRaw = Math.max(maxRaw, Math.abs(realRaw[i] - kRaw[i]));
      if (Object.is(realExp[i], kExp[i])) eqExp++;
      else maxExp = Math.max(maxExp, Math.abs(realExp[i] - kExp[i]));
      if (realComp[i] === kComp[i]) eqComp++;
      if (realScore[i] >= 0.5) alerts++;
    }
    loadSoa(models, after);
    const stateDiff = diffSoa(after, work);
    console.log(
      `rep ${rep} (${kernelFirst ? 'kernel first' : 'real first'}; warm-up 0..${WARM_STEPS - 1} ${((WARM_STEPS * SERIES) / warmupSec / 1e6).toFixed(3)} M/s; dailyOn ${dailyOn}/${SERIES}; cycle switches in warm steps ${switches}; alerts ${alerts})`,
    );
    console.log(`  rare branches taken in the last kernel run: ${JSON.stringify(EVENTS)}`);
    console.log(
      `  real   : ${mps(rSec)} (${rSec.toFixed(3)} s wall, ${rCpu.toFixed(3)} s cpu = ${mps(rCpu)})`,
    );
    console.log(
      `  kernel : ${kSecs.map((k, i) => `${mps(k)} (${k.toFixed(3)} s wall, cpu ${mps(kCpu[i])})`).join(', ')}`,
    );
    console.log(
      `  exact  : score ${eqScore}/${W * SERIES} (max |diff| ${maxScore}), rawScore ${eqRaw} (max ${maxRaw}), expected ${eqExp} (max ${maxExp}), component ${eqComp}; final state fields differing: ${JSON.stringify(stateDiff)}`,
    );
    if (AB)
      console.log(
        `  kernel runs in order: ${kSecs.map((_, k) => `${AB}=${(k + rep) % 2 === 1}`).join(', ')}`,
      );
    console.log(`  ${load()}`);
  }
  for (const [tag, ms] of Object.entries(abPasses))
    console.log(
      `${tag}: points/s ${abMps[tag].join(' ')}; pass ms (sum): ${PASS_NAMES.map((n, i) => `${n} ${ms[i].toFixed(0)}`).join(', ')}`,
    );
  const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(
    JSON.stringify({
      series: SERIES,
      arr: ARR_KIND,
      table: ENTRY_MAJOR ? 'entry' : 'series',
      realMps: results.real.map((x) => Math.round(x)),
      kernelMps: results.kernel.map((x) => Math.round(x)),
      realMedian: Math.round(med(results.real)),
      kernelMedian: Math.round(med(results.kernel)),
      realCpuMps: results.realCpu.map((x) => Math.round(x)),
      kernelCpuMps: results.kernelCpu.map((x) => Math.round(x)),
    }),
  );
}

main();
