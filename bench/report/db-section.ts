// The report's "Postgres per message" table: what S1 asked of each target's database per acked
// message — statements (Parley: counted by the pooler), transactions, and rows written per table;
// and, where the server preloads pg_stat_statements, each target's costliest statements.
import type { DbPerMessage, StatementPerMessage } from '../lib/db-counters.ts';
import type { BenchResults } from './results.ts';

const n = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2));

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

function statementRows(target: string, rows: readonly StatementPerMessage[] | undefined): string[] {
  return (rows ?? []).map(
    (s) =>
      `| ${target} | \`${s.query.replaceAll('|', '\\|').replaceAll('`', "'")}\` | ${s.calls.toLocaleString('en-US')} | ${ms(s.execMsPerMessage)} | ${ms(s.execMsPerCall)} | ${s.bufferHitsPerCall.toFixed(1)} |`,
  );
}

/** The per-statement table, or nothing when neither target's server tracked statements. */
function statementsTable(p: DbPerMessage | undefined, b: DbPerMessage | undefined): string[] {
  if (!p?.byStatement && !b?.byStatement) return [];
  const total = (d: DbPerMessage | undefined) =>
    d?.byStatement ? ms(d.byStatement.reduce((t, s) => t + s.execMsPerMessage, 0)) : '—';
  return [
    '',
    "Postgres's execution time per statement (`pg_stat_statements`, which this server preloads), over the same window, the costliest first. Execution time includes waiting for locks, so it is an upper bound on the CPU.",
    '',
    '| target | statement | calls | ms per message | ms per call | buffer hits per call |',
    '| --- | --- | --- | --- | --- | --- |',
    ...statementRows('Parley', p?.byStatement),
    ...statementRows('Baseline', b?.byStatement),
    `| all, per message | | | Parley ${total(p)}, baseline ${total(b)} | | |`,
  ];
}

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
    ...statementsTable(p, b),
  ].join('\n');
}
