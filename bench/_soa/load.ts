/**
 * Copies the state of real SeriesDetector objects into a Soa (reading the detectors' internals: the packed
 * double array `v` with each component's slot offset `b`, the novelty counts, the trend's step bookkeeping).
 * Used both to start the kernel and to compare final states.
 */
import { defaultSeriesDetectorOptions, type SeriesDetector } from '@preempt/detection';

import { type Arr, ENTRY_MAJOR, type Lik, LIK_KEYS, type Soa, stateKeys } from './soa-kernel';

/* eslint-disable @typescript-eslint/no-explicit-any */
function loadLik(L: Lik, v: number[], b: number, s: number): void {
  L.longN[s] = v[b];
  L.longMean[s] = v[b + 1];
  L.longVar[s] = v[b + 2];
  L.short[s] = v[b + 3];
  L.lsN[s] = v[b + 4];
  L.lsMean[s] = v[b + 5];
  L.lsVar[s] = v[b + 6];
  L.potShare[s] = v[b + 7];
  L.potN[s] = v[b + 8];
  L.exN[s] = v[b + 9];
  L.exMean[s] = v[b + 10];
  L.exVar[s] = v[b + 11];
}

export function loadSoa(models: SeriesDetector[], q: Soa): void {
  for (let s = 0; s < models.length; s++) {
    const d = models[s] as any;
    if (d.o !== defaultSeriesDetectorOptions) throw new Error('default options only');
    const v: number[] = d.v;
    q.n[s] = v[0];
    q.lastTs[s] = v[1];
    q.sinceShift[s] = v[2];
    const bi = d.interval.b;
    q.ivCount[s] = v[bi];
    q.ivNext[s] = v[bi + 1];
    q.ivMedian[s] = v[bi + 2];
    for (let k = 0; k < 15; k++) q.ivRing[s * 15 + k] = v[bi + 3 + k];
    const bs = d.seasonal.b;
    q.sFirst[s] = v[bs];
    q.sLevel[s] = v[bs + 1];
    q.sLevelN[s] = v[bs + 2];
    for (let k = 0; k < 24; k++) {
      q.daily[s * 24 + k] = v[bs + 3 + k];
      q.dailyN[s * 24 + k] = v[bs + 27 + k];
      q.dailyMad[s * 24 + k] = v[bs + 65 + k];
    }
    for (let k = 0; k < 7; k++) {
      q.weekly[s * 7 + k] = v[bs + 51 + k];
      q.weeklyN[s * 7 + k] = v[bs + 58 + k];
    }
    for (let k = 0; k < 4; k++) q.ms[s * 4 + k] = v[bs + 89 + k];
    q.dailyOn[s] = v[bs + 93];
    q.weeklyOn[s] = v[bs + 94];
    q.dailyMean[s] = v[bs + 95];
    q.weeklyMean[s] = v[bs + 96];
    const bb = d.baseline.b;
    q.bN[s] = v[bb];
    q.bLevel[s] = v[bb + 1];
    q.bMad[s] = v[bb + 2];
    q.bFast[s] = v[bb + 3];
    const bc = d.cusum.b;
    q.cUp[s] = v[bc];
    q.cDown[s] = v[bc + 1];
    q.cLast[s] = v[bc + 2];
    loadLik(q.lik, v, d.likelihood.b, s);
    loadLik(q.nlik, v, d.noveltyLikelihood.b, s);
    const bn = d.novelty.b;
    q.nvN[s] = v[bn];
    q.scN[s] = v[bn + 1];
    q.scMean[s] = v[bn + 2];
    q.scVar[s] = v[bn + 3];
    q.p1[s] = v[bn + 4];
    q.p2[s] = v[bn + 5];
    q.age[s] = v[bn + 6];
    q.total[s] = v[bn + 7];
    const counts: Uint16Array = d.novelty.counts;
    if (ENTRY_MAJOR) for (let e = 0; e < 512; e++) q.counts[e * models.length + s] = counts[e];
    else q.counts.set(counts, s * 512);
    const bv = d.volatility.b;
    q.voN[s] = v[bv];
    q.voLast[s] = v[bv + 1];
    q.voShort[s] = v[bv + 2];
    q.voLong[s] = v[bv + 3];
    q.voRN[s] = v[bv + 4];
    q.voRMean[s] = v[bv + 5];
    q.voRVar[s] = v[bv + 6];
    const br = d.range.b;
    q.rN[s] = v[br];
    q.rMin[s] = v[br + 1];
    q.rMax[s] = v[br + 2];
    q.rFirst[s] = v[br + 3];
    const bd = d.damper.b;
    q.dRem[s] = v[bd];
    q.dQuiet[s] = v[bd + 1];
    q.dPeak[s] = v[bd + 2];
    q.dDipped[s] = v[bd + 3];
    const tr = d.trend;
    const bt = tr.b;
    if (tr.v !== v) throw new Error('trend not in the slab');
    q.tN[s] = v[bt];
    q.tFirst[s] = v[bt + 1];
    q.tLast[s] = v[bt + 2];
    for (let k = 0; k < 10; k++) {
      q.slow[s * 10 + k] = v[bt + 6 + k];
      q.fast[s * 10 + k] = v[bt + 16 + k];
    }
    const r = tr.run;
    q.tOutside[s] = r.outside ?? 0;
    q.tOutsideFrom[s] = r.outsideFrom ?? NaN;
    q.tRunOn[s] = r.runFit ? 1 : 0;
    const rf = r.runFit?.fast;
    const fit = rf
      ? [rf.yRef, rf.s0, rf.s1, rf.s2, rf.q0, rf.q1, rf.q2, rf.t0, rf.t1, rf.syy]
      : new Array(10).fill(0);
    for (let k = 0; k < 10; k++) q.tRunFit[s * 10 + k] = fit[k];
    q.tRunLastTs[s] = r.runFit ? r.runFit.lastTs : 0;
    q.tSteps[s] = r.steps ?? 0;
    q.tStepAt[s] = r.lastStep ? r.lastStep.at : NaN;
    q.tStepBefore[s] = r.lastStep ? r.lastStep.before : NaN;
    q.tStepAfter[s] = r.lastStep ? r.lastStep.after : NaN;
  }
}

/** Per state field: how many entries differ (Object.is) between two Soas; runFit compared only where on. */
export function diffSoa(a: Soa, b: Soa): Record<string, number> {
  const out: Record<string, number> = {};
  const A = a as unknown as Record<string, Arr>;
  const B = b as unknown as Record<string, Arr>;
  const cmp = (name: string, x: ArrayLike<number>, y: ArrayLike<number>, skip?: (i: number) => boolean) => {
    let bad = 0;
    for (let i = 0; i < x.length; i++) if (!skip?.(i) && !Object.is(x[i], y[i])) bad++;
    if (bad) out[name] = bad;
  };
  for (const k of stateKeys(a)) {
    if (k === 'tRunFit' || k === 'tRunLastTs') continue;
    cmp(k, A[k], B[k]);
  }
  cmp('tRunFit', a.tRunFit, b.tRunFit, (i) => a.tRunOn[Math.floor(i / 10)] === 0);
  cmp('tRunLastTs', a.tRunLastTs, b.tRunLastTs, (i) => a.tRunOn[i] === 0);
  for (const L of ['lik', 'nlik'] as const)
    for (const k of LIK_KEYS) cmp(`${L}.${k}`, (a[L] as any)[k], (b[L] as any)[k]);
  return out;
}
