import 'uplot/dist/uPlot.min.css';

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface TimeChartProps {
  /** what the chart shows, for people who cannot see it (also the canvas's accessible name) */
  label: string;
  data: uPlot.AlignedData;
  series: uPlot.Series[];
  bands?: uPlot.Band[];
  /** x ranges (epoch ms) shaded under the series: suppressed periods */
  shaded?: readonly { from: number; to: number }[];
  height?: number;
}

const SHADE = 'rgba(75, 85, 99, 0.16)';

/** A uPlot time-series chart (x in epoch ms) that follows its container's width. */
export function TimeChart({ label, data, series, bands, shaded = [], height = 300 }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const width = () => Math.max(320, element.clientWidth);
    const chart = new uPlot(
      {
        width: width(),
        height,
        ms: 1,
        series: [{ label: 'Time' }, ...series],
        bands,
        axes: [
          { stroke: '#1f2937', grid: { stroke: '#e5e7eb' } },
          { stroke: '#1f2937', grid: { stroke: '#e5e7eb' } },
        ],
        legend: { live: false },
        cursor: { drag: { x: true, y: false } },
        hooks: {
          // under the series: drawn right after the plot area is cleared
          drawClear: [
            (u) => {
              const { top, height: plotHeight } = u.bbox;
              u.ctx.save();
              u.ctx.fillStyle = SHADE;
              for (const span of shaded) {
                const left = u.valToPos(span.from, 'x', true);
                const right = u.valToPos(span.to, 'x', true);
                u.ctx.fillRect(left, top, Math.max(right - left, 2), plotHeight);
              }
              u.ctx.restore();
            },
          ],
        },
      },
      data,
      element,
    );
    const canvas = element.querySelector('canvas');
    canvas?.setAttribute('role', 'img');
    canvas?.setAttribute('aria-label', label);
    const resize = new ResizeObserver(() => chart.setSize({ width: width(), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [data, series, bands, shaded, height, label]);

  return <div class="chart" ref={box} />;
}
