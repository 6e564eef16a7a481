import { describe, expect, it } from 'vitest';
import { fmtMs, ratio, spliceResults } from './markdown.ts';

describe('ratio', () => {
  it('says which side is better for latency (lower) and throughput (higher)', () => {
    expect(ratio(10, 25, 'lower')).toBe('**2.50× better**');
    expect(ratio(25, 10, 'lower')).toBe('2.50× worse');
    expect(ratio(300, 100, 'higher')).toBe('**3.00× better**');
    expect(ratio(100, 300, 'higher')).toBe('3.00× worse');
    expect(ratio(100, 101, 'higher')).toBe('same');
  });

  it('shows a dash when a side was not measured', () => {
    expect(ratio(undefined, 5, 'lower')).toBe('—');
    expect(ratio(Number.NaN, 5, 'lower')).toBe('—');
  });
});

describe('fmtMs', () => {
  it('keeps two decimals under 10 ms and switches to seconds past one', () => {
    expect(fmtMs(1.234)).toBe('1.23 ms');
    expect(fmtMs(45.67)).toBe('45.7 ms');
    expect(fmtMs(2500)).toBe('2.50 s');
  });
});

describe('spliceResults', () => {
  it('replaces only the generated block and keeps the prose around it', () => {
    const first = spliceResults('# Benchmarks\n\nHow we measure.\n', 'run 1');
    expect(first).toContain('How we measure.');
    expect(first).toContain('run 1');
    const second = spliceResults(`${first}\n## Findings\n\nHand-written.\n`, 'run 2');
    expect(second).toContain('run 2');
    expect(second).not.toContain('run 1');
    expect(second).toContain('How we measure.');
    expect(second).toContain('Hand-written.');
  });
});
