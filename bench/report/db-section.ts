// The report's "Postgres per message" table: what S1 asked of each target's database per acked
// message — statements (Parley: counted by the pooler), transactions, and rows written per table.
import type { DbPerMessage } from '../lib/db-counters.ts';
import type { BenchResults } from './results.ts';

const n = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2));

export function dbSection(r: Pick<BenchResults, 's1'>): string {
  const p = r.s1.parley?.ok ? r.s1.parley.result.db : undefined;
  const b = r.s1.baseline?.ok ? r.s1.baseline.result.db : undefined;
  if (!p && !b) return '';
  const tables = [...new Set([...Object.keys(p?.tables ?? {}), ...Object.keys(b?.tables ?? {})])].sort();
  const cell = (d: DbPerMessage | undefined, t: string) => {
    const rows = d?.tables[t];
    return rows ? `${n(rows.inserted)} / ${n(rows.updated)} / ${n(rows.deleted)}` : '—';
  };
  return [
    '#### Postgres per S1 message',
    '',
    "Each target's own database, from Postgres's statistics, over S1's window and until the relay and consumer were done with its events, divided by the acked messages. Statements are counted by Parley's pooler (every Execute and simple query, `begin`/`commit` included); the baseline's pg Pools talk to Postgres directly, so only its transactions are counted (its gateway runs one statement per message, one transaction each).",
    '',
    '|  | Parley | Baseline |',
    '| --- | --- | --- |',
    `| statements | ${n(p?.statements)} | ${n(b?.statements)} |`,
    `| transactions | ${n(p?.transactions)} | ${n(b?.transactions)} |`,
    `| rows written (inserted + updated + deleted) | ${n(p?.rowsWritten)} | ${n(b?.rowsWritten)} |`,
    ...tables.map((t) => `| \`${t}\` inserted / updated / deleted | ${cell(p, t)} | ${cell(b, t)} |`),
  ].join('\n');
}
