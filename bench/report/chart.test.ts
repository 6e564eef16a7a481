import { describe, expect, it } from 'vitest';
import { latencyChartSvg } from './chart.ts';

describe('latencyChartSvg', () => {
  it('draws one line per measured series, escapes labels and skips empty ones', () => {
    const svg = latencyChartSvg(
      [
        {
          title: 'S1 <load>',
          series: [
            { label: 'Parley & co', color: '#e8590c', samples: [1, 2, 3, 50, 400] },
            { label: 'not measured', color: '#1c7ed6', samples: [] },
          ],
        },
      ],
      'caption',
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain('S1 &lt;load&gt;');
    expect(svg).toContain('Parley &amp; co');
    expect(svg).not.toContain('NaN');
  });
});
