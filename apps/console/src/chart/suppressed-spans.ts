import type { MaintenanceWindowDto, SuppressedEvidenceDto } from '../api/api-types.generated';

export interface Span {
  from: number;
  to: number;
}

const MINUTE = 60_000;
/** a lone suppressed point still shows: at least this wide */
const MIN_SPAN_MS = 5 * MINUTE;

/**
 * The periods to shade on a device's chart: each run of evidence a maintenance window suppressed (points
 * of one window no further apart than its duration make one run), and the current and next occurrences of
 * the windows that cover the device (all its tenant's devices, or a list naming it), clipped to [from, to]
 * and merged where they overlap.
 *
 * @example suppressedSpans([], [window], 'rtr-01', t0, t1) // [{ from: occurrence start, to: end }]
 */
export function suppressedSpans(
  suppressed: readonly SuppressedEvidenceDto[],
  windows: readonly MaintenanceWindowDto[],
  device: string,
  from: number,
  to: number,
): Span[] {
  const spans: Span[] = [];
  const duration = new Map(windows.map((w) => [w.id, w.durationMinutes * MINUTE]));
  const byWindow = new Map<string, number[]>();
  for (const item of suppressed)
    if (item.device === device)
      byWindow.set(item.windowId, [...(byWindow.get(item.windowId) ?? []), Date.parse(item.at)]);
  for (const [windowId, times] of byWindow) {
    const gap = duration.get(windowId) ?? 60 * MINUTE;
    times.sort((a, b) => a - b);
    let run: Span = { from: times[0], to: times[0] };
    for (const t of times.slice(1)) {
      if (t - run.to <= gap) run.to = t;
      else {
        spans.push(run);
        run = { from: t, to: t };
      }
    }
    spans.push(run);
  }
  for (const span of spans)
    if (span.to - span.from < MIN_SPAN_MS) {
      const middle = (span.from + span.to) / 2;
      span.from = middle - MIN_SPAN_MS / 2;
      span.to = middle + MIN_SPAN_MS / 2;
    }
  for (const window of windows) {
    // site-scoped windows are left out: the console does not know a device's site tag
    const covers = window.devices ? window.devices.includes(device) : window.site === null;
    if (!covers) continue;
    for (const occurrence of [window.currentOccurrence, window.nextOccurrence])
      if (occurrence) spans.push({ from: Date.parse(occurrence.start), to: Date.parse(occurrence.end) });
  }
  const clipped = spans
    .filter((span) => span.to > from && span.from < to)
    .map((span) => ({ from: Math.max(span.from, from), to: Math.min(span.to, to) }))
    .sort((a, b) => a.from - b.from);
  // overlapping periods are one (an active window's current occurrence is also its next)
  const merged: Span[] = [];
  for (const span of clipped) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}
