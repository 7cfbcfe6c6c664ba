/**
 * First time a (continuous) curve reaches a limit, found numerically: a coarse scan over the horizon,
 * then bisection inside the first bracket. The curves here (bands around a line, an exponential) are
 * smooth, so a scan of `steps` cells cannot miss a crossing much narrower than one cell.
 *
 * @example
 * firstCrossing((h) => 2 * h, 10, 1, 100) // ~5
 */
export function firstCrossing(
  curve: (h: number) => number,
  limit: number,
  direction: 1 | -1,
  horizon: number,
  steps = 128,
  tolerance = horizon * 1e-6,
): number | null {
  const reached = (h: number): boolean => direction * (curve(h) - limit) >= 0;
  if (reached(0)) return 0;
  let lo = 0;
  for (let i = 1; i <= steps; i++) {
    const hi = (horizon * i) / steps;
    if (reached(hi)) return bisect(reached, lo, hi, tolerance);
    lo = hi;
  }
  return null;
}

function bisect(reached: (h: number) => boolean, lo: number, hi: number, tolerance: number): number {
  while (hi - lo > tolerance) {
    const mid = (lo + hi) / 2;
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
