// The dashboard size report: which files a first visit loads, and the budget arithmetic.
import { describe, expect, it } from 'vitest';
import { gzipSize, INITIAL_JS_BUDGET, initialAssets, summarise } from './report-dashboard-size.ts';

describe('dashboard size report', () => {
  it('finds the entry script, preloads and stylesheet in index.html', () => {
    const html = `<script type="module" crossorigin src="/assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-def.js">
      <link rel="stylesheet" crossorigin href="/assets/index-123.css">
      <link rel="icon" href="/favicon.svg">`;
    expect(initialAssets(html)).toEqual(['assets/index-abc.js', 'assets/vendor-def.js', 'assets/index-123.css']);
  });

  it('sums first-load JavaScript apart from lazy chunks and fails over budget', () => {
    const ok = summarise([
      { file: 'assets/index.js', bytes: 400_000, gzip: 120_000, initial: true },
      { file: 'assets/settings.js', bytes: 50_000, gzip: 12_000, initial: false },
      { file: 'assets/index.css', bytes: 50_000, gzip: 10_000, initial: true },
    ]);
    expect(ok.initialJs.gzip).toBe(120_000);
    expect(ok.totalJs.gzip).toBe(132_000);
    expect(ok.css.gzip).toBe(10_000);
    expect(ok.withinBudget).toBe(true);
    const over = summarise([{ file: 'assets/index.js', bytes: 1, gzip: INITIAL_JS_BUDGET + 1, initial: true }]);
    expect(over.withinBudget).toBe(false);
  });

  it('measures gzip size', () => {
    expect(gzipSize('a'.repeat(10_000))).toBeLessThan(100);
  });
});
