import { describe, expect, it } from 'vitest';
import { axis } from './daily-chart.tsx';

describe('the daily chart’s axis', () => {
  it('counts in whole, round steps up to at least the largest bar', () => {
    expect(axis(0)).toEqual([0, 1]);
    expect(axis(1)).toEqual([0, 1]);
    expect(axis(3)).toEqual([0, 1, 2, 3]);
    expect(axis(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axis(38)).toEqual([0, 10, 20, 30, 40]);
    expect(axis(1200)).toEqual([0, 500, 1000, 1500]);
  });
});
