// Conversations opened and resolved per day, as paired bars drawn in SVG (no chart library: a
// few hundred bytes instead of tens of kilobytes, docs/DASHBOARD.md). The figure is described for
// screen readers and every bar has a title; the table under the chart carries the same numbers.
import { useEffect, useId, useRef, useState } from 'react';
import type { ReportGroup } from '../../../../../contract/rest/reports.ts';
import { shortDay } from '../utils/report-format.ts';

const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 28, left: 32 };

/** A round axis maximum and its ticks: 0, then up to 4 whole steps of 1, 2 or 5 × 10^n (counts have no halves). */
export function axis(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = Math.max(1, max / 4);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks = [];
  for (let t = 0; t < max + step; t += step) ticks.push(t);
  return ticks;
}

/** The element's width in CSS pixels, so the chart draws at 1:1 and its labels stay legible on a phone. */
function useWidth(fallback: number) {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry && entry.contentRect.width > 0) setWidth(Math.round(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export function DailyChart({ groups }: { groups: ReportGroup[] }) {
  const titleId = useId();
  const { ref, width } = useWidth(720);
  const max = Math.max(0, ...groups.flatMap((g) => [g.figures.opened, g.figures.resolved]));
  const ticks = axis(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, groups.length);
  const bar = Math.max(1, Math.min(14, (slot - 2) / 2));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  // Every label would collide on a long range: about eight of them.
  const every = Math.max(1, Math.ceil(groups.length / Math.max(2, Math.floor(width / 90))));
  const years = new Set(groups.map((g) => g.key?.slice(0, 4))).size > 1;
  const totalOpened = groups.reduce((n, g) => n + g.figures.opened, 0);
  const totalResolved = groups.reduce((n, g) => n + g.figures.resolved, 0);
  return (
    <figure className="m-0" ref={ref}>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby={titleId}
        data-testid="daily-chart"
      >
        <title id={titleId}>
          {`Conversations per day from ${groups[0]?.name ?? ''} to ${groups[groups.length - 1]?.name ?? ''}: ${totalOpened} opened, ${totalResolved} resolved`}
        </title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="stroke-slate-100" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="fill-slate-500 text-[10px]">
              {t}
            </text>
          </g>
        ))}
        {groups.map((g, i) => {
          const x = PAD.left + i * slot + slot / 2;
          const label = `${g.name}: ${g.figures.opened} opened, ${g.figures.resolved} resolved`;
          return (
            <g key={g.key ?? i}>
              <title>{label}</title>
              <rect
                x={x - bar}
                y={y(g.figures.opened)}
                width={bar}
                height={y(0) - y(g.figures.opened)}
                rx={1.5}
                className="fill-brand-500"
              />
              <rect
                x={x}
                y={y(g.figures.resolved)}
                width={bar}
                height={y(0) - y(g.figures.resolved)}
                rx={1.5}
                className="fill-emerald-500"
              />
              {i % every === 0 && g.key && (
                <text x={x} y={HEIGHT - 8} textAnchor="middle" className="fill-slate-500 text-[10px]">
                  {shortDay(g.key, years)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex gap-4 text-xs text-slate-600">
        <span className="flex items-center gap-1.5">
          <span className="inline-block size-2.5 rounded-sm bg-brand-500" aria-hidden="true" /> Opened
        </span>
        <span className="flex items-center gap-1.5">
          <span className="inline-block size-2.5 rounded-sm bg-emerald-500" aria-hidden="true" /> Resolved
        </span>
      </figcaption>
    </figure>
  );
}
