// The latency chart as a hand-rolled SVG (no download, no browser): percentile plots in the
// HdrHistogram style — x is the percentile on a log(1/(1−p)) scale so the tail gets room, y is
// the latency in ms on a log scale — one panel per scenario, one line per target/variant.
import { cdfPoints } from '../lib/stats.ts';

export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  samples: ArrayLike<number>;
}

export interface Panel {
  title: string;
  series: Series[];
}

const W = 460;
const H = 300;
const M = { top: 34, right: 16, bottom: 46, left: 58 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const X_TICKS: [number, string][] = [
  [0, '0%'],
  [0.9, '90%'],
  [0.99, '99%'],
  [0.999, '99.9%'],
];
const X_MAX = 1 / (1 - 0.9999);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xOf = (q: number) => (Math.log10(1 / (1 - Math.min(q, 0.9999))) / Math.log10(X_MAX)) * PLOT_W;

function panelSvg(panel: Panel, offsetX: number): string {
  const all = panel.series.flatMap((s) => cdfPoints(s.samples));
  const values = all.map(([v]) => v).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...values, 1))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, 10)));
  const yOf = (v: number) =>
    PLOT_H - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * PLOT_H;
  const parts: string[] = [`<g transform="translate(${offsetX + M.left},${M.top})">`];
  parts.push(`<text x="${PLOT_W / 2}" y="-14" text-anchor="middle" font-weight="bold">${esc(panel.title)}</text>`);
  parts.push(`<rect width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#999"/>`);
  for (let v = lo; v <= hi * 1.0001; v *= 10) {
    const y = yOf(v);
    parts.push(`<line x1="0" x2="${PLOT_W}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="-6" y="${y + 4}" text-anchor="end">${v >= 1000 ? `${v / 1000}s` : `${v}`}</text>`);
  }
  for (const [q, label] of X_TICKS) {
    const x = xOf(q);
    parts.push(`<line x1="${x}" x2="${x}" y1="0" y2="${PLOT_H}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${PLOT_H + 16}" text-anchor="middle">${label}</text>`);
  }
  parts.push(`<text x="${PLOT_W / 2}" y="${PLOT_H + 36}" text-anchor="middle">percentile</text>`);
  parts.push(
    `<text transform="translate(-44,${PLOT_H / 2}) rotate(-90)" text-anchor="middle">send → deliver (ms, log)</text>`,
  );
  // The legend sits bottom right, on white, where fast percentiles leave room.
  const legendH = panel.series.length * 16 + 8;
  parts.push(
    `<rect x="${PLOT_W - 196}" y="${PLOT_H - legendH - 6}" width="190" height="${legendH}" fill="#fff" fill-opacity="0.9" stroke="#ccc"/>`,
  );
  panel.series.forEach((s, i) => {
    const points = cdfPoints(s.samples);
    if (points.length === 0) return;
    const d = points.map(([v, q], k) => `${k ? 'L' : 'M'}${xOf(q).toFixed(1)},${yOf(v).toFixed(1)}`).join(' ');
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    const ly = PLOT_H - legendH + 6 + i * 16;
    const lx = PLOT_W - 188;
    parts.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    parts.push(`<text x="${lx + 30}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  parts.push('</g>');
  return parts.join('\n');
}

export function latencyChartSvg(panels: Panel[], caption: string): string {
  const width = W * panels.length;
  const height = H + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(caption)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...panels.map((p, i) => panelSvg(p, i * W)),
    `<text x="${width / 2}" y="${height - 6}" text-anchor="middle" fill="#555">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
