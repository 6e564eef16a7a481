// Writes a run's report: the results JSON, the latency chart (S1 and S2 samples) and the results
// block spliced into BENCHMARKS.md — into bench/results/ and docs/ for a full run, else the run's
// own folder.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S1Params } from '../scenarios/s1-support-load.ts';
import type { S2Params } from '../scenarios/s2-hot-conversation.ts';
import { latencyChartSvg } from './chart.ts';
import { resultsMarkdown, spliceResults } from './markdown.ts';
import type { BenchResults } from './results.ts';

export interface ReportPlace {
  /** The repository root (its docs/BENCHMARKS.md is the template). */
  root: string;
  /** Where a run that is not a full one writes everything. */
  workDir: string;
  official: boolean;
  startedAt: Date;
}

function latencyChart(results: BenchResults, samples: Record<string, number[]>, s1: S1Params, s2: S2Params, at: Date) {
  return latencyChartSvg(
    [
      {
        title: `S1 support load (${s1.conversations * s1.messagesPerSecond} msg/s offered)`,
        series: [
          { label: 'Parley', color: '#e8590c', samples: samples['s1-parley'] ?? [] },
          { label: 'Baseline (Socket.IO)', color: '#1c7ed6', samples: samples['s1-baseline'] ?? [] },
        ],
      },
      {
        title: `S2 hot conversation (${s2.messages} msgs → ${s2.receivers} receivers)`,
        series: [
          { label: 'Parley, group commit', color: '#e8590c', samples: samples['s2-parley'] ?? [] },
          {
            label: 'Parley, 1 msg per transaction',
            color: '#e8590c',
            dashed: true,
            samples: samples['s2-parley-one'] ?? [],
          },
          { label: 'Baseline (Socket.IO)', color: '#1c7ed6', samples: samples['s2-baseline'] ?? [] },
        ],
      },
    ],
    `send → deliver latency at every receiver, ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${results.machine.cpus} CPUs`,
  );
}

/** Returns the paths of the results JSON and the BENCHMARKS.md written. */
export function writeReport(
  place: ReportPlace,
  results: BenchResults,
  samples: Record<string, number[]>,
  params: { s1: S1Params; s2: S2Params },
): { jsonPath: string; docPath: string } {
  const outDir = place.official ? join(place.root, 'bench/results') : place.workDir;
  const docsDir = place.official ? join(place.root, 'docs') : place.workDir;
  mkdirSync(outDir, { recursive: true });
  const jsonPath = join(outDir, `${place.startedAt.toISOString().slice(0, 10)}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    join(docsDir, 'benchmarks-latency.svg'),
    latencyChart(results, samples, params.s1, params.s2, place.startedAt),
  );
  const docPath = join(docsDir, 'BENCHMARKS.md');
  let doc = '# Benchmarks\n';
  try {
    doc = readFileSync(join(place.root, 'docs/BENCHMARKS.md'), 'utf8');
  } catch {
    // first run: the generated block alone
  }
  writeFileSync(docPath, spliceResults(doc, resultsMarkdown(results, 'benchmarks-latency.svg')));
  return { jsonPath, docPath };
}
