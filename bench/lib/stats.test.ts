import { describe, expect, it } from 'vitest';
import { cdfPoints, percentile, summarize } from './stats.ts';

describe('summarize', () => {
  it('takes nearest-rank percentiles over every sample', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(values)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });

  it('sees a single slow outlier at the maximum, not at p99 of 1000 samples', () => {
    const values = [...Array.from({ length: 999 }, () => 5), 900];
    const s = summarize(values);
    expect(s.p99).toBe(5);
    expect(s.max).toBe(900);
  });

  it('reports NaN for an empty set rather than zeros that would look like a result', () => {
    const s = summarize([]);
    expect(s.count).toBe(0);
    expect(Number.isNaN(s.p50)).toBe(true);
    expect(Number.isNaN(percentile(new Float64Array(), 0.5))).toBe(true);
  });
});

describe('cdfPoints', () => {
  it('is monotonic in both latency and fraction and ends at the maximum', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i % 97) + Math.floor(i / 1000));
    const points = cdfPoints(values);
    for (let i = 1; i < points.length; i++) {
      const [v, q] = points[i] as [number, number];
      const [pv, pq] = points[i - 1] as [number, number];
      expect(v).toBeGreaterThanOrEqual(pv);
      expect(q).toBeGreaterThan(pq);
    }
    expect(points.at(-1)).toEqual([Math.max(...values), 1]);
  });
});
