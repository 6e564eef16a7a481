import { describe, expect, it } from 'vitest';
import { duration, isoDate, lastDays, percent } from './report-format.ts';

describe('report figures as text', () => {
  it('writes durations in the two largest units that matter', () => {
    expect(duration(null)).toBe('—');
    expect(duration(42.4)).toBe('42s');
    expect(duration(200)).toBe('3m 20s');
    expect(duration(300)).toBe('5m');
    expect(duration(7500)).toBe('2h 5m');
    expect(duration(3 * 86400 + 4 * 3600 + 59)).toBe('3d 4h');
    expect(percent(66.7)).toBe('66.7%');
    expect(percent(null)).toBe('—');
  });

  it('ends preset ranges today, both ends included', () => {
    expect(lastDays(7, new Date(2026, 2, 3))).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(lastDays(1, new Date(2026, 0, 1))).toEqual({ from: '2026-01-01', to: '2026-01-01' });
    expect(isoDate(new Date(2026, 10, 9))).toBe('2026-11-09');
  });
});
