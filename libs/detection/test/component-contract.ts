/**
 * The learn / score contract every streaming component of libs/detection follows (River's `learn_one` /
 * `score_one`, checked like river/checks/anomaly.py): `score` never mutates, `learn` does, and the fused
 * `update` the hot path calls equals `score` then `learn`. State is plain data: a JSON round trip mid-stream
 * changes no future output.
 *
 * `runComponentContract` registers the checks for one component, given adapters (a component's methods take
 * different arguments), so a new component (the multivariate model, say) is one more call:
 *
 * @example
 * runComponentContract({
 *   name: 'CusumDetector',
 *   create: () => new CusumDetector(),
 *   restore: (state) => new CusumDetector({}, state as CusumState),
 *   inputs: contractStream().map((p) => (p.value - 50) / 3),
 *   score: (c, z) => c.score(z),
 *   learn: (c, z) => c.learn(z),
 *   update: (c, z) => c.update(z),
 *   scoreValue: (shift) => shift as number,
 *   range: 'finite',
 * });
 */

export interface ContractSubject<C extends { toJSON(): unknown }, I> {
  name: string;
  create(): C;
  /** a component restored from a parsed JSON state */
  restore(state: unknown): C;
  inputs: readonly I[];
  /** must not change the component's state */
  score(component: C, input: I): unknown;
  learn(component: C, input: I): void;
  /** the fused hot path; returns what `score` returns (or nothing, with `updateReturnsScore: false`) */
  update(component: C, input: I): unknown;
  /** `update` returns nothing (learning only): only the states are compared with score then learn */
  updateReturnsScore?: boolean;
  /** the number a score output stands for (identity by default) */
  scoreValue?(output: unknown): number;
  /** 'unit': calibrated, finite and in [0,1]; 'finite': a raw statistic, only checked to be finite */
  range: 'unit' | 'finite';
  /** compare states / check non-mutation every `every` inputs (1 = every input) */
  every?: number;
}

/** Serialized output or state: the exact doubles (JSON keeps every bit of a finite double). */
const text = (x: unknown): string => JSON.stringify(x) ?? 'undefined';

export function runComponentContract<C extends { toJSON(): unknown }, I>(
  subject: ContractSubject<C, I>,
): void {
  const { inputs, score, learn, update } = subject;
  const every = subject.every ?? 1;
  const value = subject.scoreValue ?? ((x: unknown) => x as number);
  const updateReturnsScore = subject.updateReturnsScore ?? true;

  describe(`${subject.name} (learn / score contract)`, () => {
    it('is deterministic: two instances fed the same inputs give the same outputs and state', () => {
      const a = subject.create();
      const b = subject.create();
      inputs.forEach((x, i) => {
        expect(text(update(b, x))).toBe(text(update(a, x)));
        if (i % every === 0) expect(text(b.toJSON())).toBe(text(a.toJSON()));
      });
      expect(text(b.toJSON())).toBe(text(a.toJSON()));
    });

    it('round-trips through JSON mid-stream: the restored copy gives identical future outputs', () => {
      const original = subject.create();
      const mid = inputs.length >> 1;
      inputs.slice(0, mid).forEach((x) => update(original, x));
      const restored = subject.restore(JSON.parse(JSON.stringify(original)));
      expect(text(restored.toJSON())).toBe(text(original.toJSON()));
      for (const x of inputs.slice(mid)) {
        expect(text(score(restored, x))).toBe(text(score(original, x)));
        expect(text(update(restored, x))).toBe(text(update(original, x)));
      }
      expect(text(restored.toJSON())).toBe(text(original.toJSON()));
    });

    it(`gives finite scores${subject.range === 'unit' ? ' in [0,1]' : ' (a raw statistic)'}`, () => {
      const c = subject.create();
      for (const x of inputs) {
        const s = value(score(c, x));
        expect(Number.isFinite(s)).toBe(true);
        if (subject.range === 'unit') {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
        }
        learn(c, x);
      }
    });

    it('score does not mutate: the JSON state is the same before and after', () => {
      const c = subject.create();
      inputs.forEach((x, i) => {
        if (i % every === 0) {
          const before = text(c.toJSON());
          score(c, x);
          score(c, x);
          expect(text(c.toJSON())).toBe(before);
        }
        update(c, x);
      });
    });

    it('update equals score then learn (same outputs, same state)', () => {
      const fused = subject.create();
      const split = subject.create();
      inputs.forEach((x, i) => {
        const scored = score(split, x);
        learn(split, x);
        const updated = update(fused, x);
        // read both after learning (an output may read the model lazily, like an Assessment's forecast)
        if (updateReturnsScore) expect(text(updated)).toBe(text(scored));
        if (i % every === 0) expect(text(split.toJSON())).toBe(text(fused.toJSON()));
      });
      expect(text(split.toJSON())).toBe(text(fused.toJSON()));
    });
  });
}

export interface StreamPoint {
  ts: number;
  value: number;
}

/**
 * A seeded synthetic series, 5-minute sampling over ~4.5 days: level 50, a daily cycle (amplitude 10), normal
 * noise (sd 1), a spike (+25) at point 650, a level shift (+15) from point 900 and a 6-hour gap at point 1000.
 */
export function contractStream(seed = 1, points = 1200): StreamPoint[] {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const t0 = Date.UTC(2026, 0, 5);
  const step = 300_000;
  const out: StreamPoint[] = [];
  for (let i = 0; i < points; i++) {
    const ts = t0 + i * step + (i >= 1000 ? 6 * 3_600_000 : 0);
    const noise = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const cycle = 10 * Math.sin((2 * Math.PI * ts) / 86_400_000);
    const value = 50 + cycle + noise + (i === 650 ? 25 : 0) + (i >= 900 ? 15 : 0);
    out.push({ ts, value });
  }
  return out;
}
