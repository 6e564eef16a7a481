// Latency summaries (percentiles by nearest rank over all samples, no histogram approximation)
// and the cumulative distribution points the report's chart draws.

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Nearest-rank percentile of an ascending array (q in 0..1). */
export function percentile(ascending: Float64Array, q: number): number {
  if (ascending.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * ascending.length));
  return ascending[Math.min(rank, ascending.length) - 1] ?? Number.NaN;
}

export function summarize(values: ArrayLike<number>): LatencySummary {
  const s = sorted(values);
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    p50: percentile(s, 0.5),
    p95: percentile(s, 0.95),
    p99: percentile(s, 0.99),
    max: s.length ? (s[s.length - 1] ?? Number.NaN) : Number.NaN,
    mean: s.length ? sum / s.length : Number.NaN,
  };
}

/**
 * The distribution as [latency ms, fraction of samples ≤ it] at quantiles chosen to keep the
 * tail visible: every percent up to 90, then finer steps up to the maximum.
 */
export function cdfPoints(values: ArrayLike<number>): [number, number][] {
  const s = sorted(values);
  if (s.length === 0) return [];
  const qs: number[] = [];
  for (let q = 0.01; q < 0.9; q += 0.01) qs.push(q);
  for (let q = 0.9; q < 0.99; q += 0.0025) qs.push(q);
  for (let q = 0.99; q < 0.999; q += 0.0005) qs.push(q);
  qs.push(0.999, 0.9995, 1);
  return qs.map((q) => [percentile(s, q), q]);
}

/** Rounds for tables: 2 significant decimals under 10 ms, 1 under 100, none above. */
export function ms(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (value < 10) return Math.round(value * 100) / 100;
  if (value < 100) return Math.round(value * 10) / 10;
  return Math.round(value);
}
