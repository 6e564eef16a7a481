// The data scenario's sizes, which routes it plans from the Worker's OpenAPI document (the parts
// other branches add are skipped, by name, until they exist), and the block it writes into docs/.
import { describe, expect, it } from 'vitest';
import { dataParams, expectedMessages } from './params.ts';
import { type DataResults, dataBlock, END, replaceDataSection, START } from './report.ts';
import { type OpenApiDoc, plan } from './routes.ts';
import type { Seeded } from './seed.ts';

const seeded: Seeded = {
  tag: 't',
  projectId: 'p1',
  managerId: 'a1',
  managerSessionId: 's1',
  agentIds: ['a1', 'a2', 'a3'],
  sample: [
    { id: 'c7', i: 7 },
    { id: 'c9', i: 9 },
  ],
  labelIds: ['l1', 'l2'],
  counts: { conversations: 10, contacts: 10 },
  skipped: [],
};

const op = (...names: (string | [string, boolean])[]) => ({
  get: {
    parameters: names.map((n) =>
      typeof n === 'string' ? { name: n, in: 'query' } : { name: n[0], in: 'query', required: n[1] },
    ),
  },
});

describe('data scenario sizes', () => {
  it("are the issue's at 100,000 conversations and scale down with them", () => {
    const full = dataParams();
    expect(full).toMatchObject({ conversations: 100_000, agents: 200, labels: 50, contacts: 100_000 });
    expect(Math.abs(expectedMessages(full) - 2_000_000)).toBeLessThan(2_000);
    const tiny = dataParams(1000);
    expect(tiny).toMatchObject({ conversations: 1000, agents: 4, contacts: 1000 });
    expect(tiny.samples).toBeLessThan(full.samples);
    expect(() => dataParams(10)).toThrow(/at least 100/);
  });
});

describe('the plan', () => {
  it('skips, by route, what the Worker does not have yet', () => {
    const { measured, skipped } = plan(seeded, { paths: {} });
    expect(measured.map((m) => m.name)).toContain('open a conversation (+ latest 50 messages)');
    expect(
      measured.some((m) => m.name.includes('label') || m.name.startsWith('contacts') || m.name.startsWith('report')),
    ).toBe(false);
    expect(skipped).toEqual([
      'skipped: GET /api/projects/{projectId}/conversations?label= not present',
      'skipped: GET /api/projects/{projectId}/contacts?q= not present',
      'skipped: GET /api/projects/{projectId}/reports not present',
    ]);
  });

  it('measures the label filter, contacts search and a 90-day report once the document has them', () => {
    const doc: OpenApiDoc = {
      paths: {
        '/api/projects/{projectId}/conversations': op('status', 'labelId'),
        '/api/projects/{projectId}/contacts': op('search'),
        '/api/projects/{projectId}/reports/summary': op(['from', true], ['to', true], 'timezone'),
        '/api/projects/{projectId}/reports/{reportId}': op(),
      },
    };
    const { measured, skipped } = plan(seeded, doc, new Date('2026-12-06T12:00:00Z'));
    expect(skipped).toEqual([]);
    const paths = Object.fromEntries(measured.map((m) => [m.name, m.path(0)]));
    expect(paths['inbox: label (the most used)']).toBe('/api/projects/p1/conversations?limit=30&labelId=l1');
    expect(paths['contacts: search by name']).toMatch(/^\/api\/projects\/p1\/contacts\?search=Contact\+\d+$/);
    expect(paths['report: /reports/summary over 90 days']).toBe(
      '/api/projects/p1/reports/summary?from=2026-09-07&to=2026-12-06&timezone=UTC',
    );
  });

  it('skips a report whose required parameters it cannot fill', () => {
    const doc: OpenApiDoc = { paths: { '/api/projects/{projectId}/reports': op(['granularity', true]) } };
    expect(plan(seeded, doc).skipped).toContain(
      'skipped: GET /api/projects/{projectId}/reports (unknown required parameters: granularity)',
    );
  });
});

describe('the docs block', () => {
  const results: DataResults = {
    command: 'npm run bench:data',
    startedAt: '2026-12-06T07:00:00.000Z',
    durationSeconds: 300,
    seedSeconds: 90,
    machine: {
      cpus: 2,
      cpuModel: 'cpu',
      memoryGiB: 23,
      loadAverageAtStart: [1, 1, 1],
      node: 'v24',
      workerd: '1',
      wrangler: '4',
      postgres: 'PostgreSQL 15',
      redis: '7',
      openFilesLimit: '1',
      os: 'Linux',
    },
    busyAtStart: 0.05,
    loadAverage: [0.5, 0.5, 0.5],
    params: dataParams(),
    counts: { conversations: 100_000 },
    skipped: ['skipped: contacts (table contacts) not present'],
    targetP95Ms: 200,
    routes: [
      { name: 'fast', path: '/a', busy: 0.02, summary: { count: 100, p50: 5, p95: 9, p99: 12, max: 20, mean: 6 } },
      {
        name: 'slow',
        path: '/b',
        busy: 0.5,
        summary: { count: 100, p50: 150, p95: 250, p99: 300, max: 400, mean: 160 },
      },
    ],
  };

  it('says how busy the machine was and which routes miss the target', () => {
    const block = dataBlock(results);
    expect(block).toContain('**CPUs 5 % busy**');
    expect(block).toContain('| fast | 5.0 | 9.0 | 12 | 20 | 100 | 2 % | yes |');
    expect(block).toContain('| slow | 150 | 250 | 300 | 400 | 100 | 50 % | **no** |');
    expect(block).toContain('- skipped: contacts (table contacts) not present');
  });

  it('replaces only what is between its markers, or appends a section', () => {
    const doc = `# B\n\nbefore\n${START}\nold\n${END}\nafter\n`;
    const out = replaceDataSection(doc, results);
    expect(out.startsWith('# B\n\nbefore\n')).toBe(true);
    expect(out.endsWith('\nafter\n')).toBe(true);
    expect(out).not.toContain('\nold\n');
    expect(replaceDataSection('# B\n', results)).toContain(`## Data scale\n\n${START}`);
  });
});
