// What a target asked of Postgres during a scenario, from the statistics Postgres keeps per
// database (each target has a database of its own): transactions, rows inserted/updated/deleted,
// per table, and — where a pooler sees every statement (Parley) — statements. Postgres publishes
// a backend's counters up to 10 s late (PG15 flushes an idle backend's stats after 10 s), so the
// reading after a scenario waits that long, then until two reads agree. Where the server preloads
// pg_stat_statements (a cluster started for it: docs/BENCHMARKS.md, "Running it"), each
// statement's execution time and buffer hits too.
import { adminQuery } from '../../local/admin-query.ts';
import { sleep } from './limit.ts';

export interface TableRows {
  inserted: number;
  updated: number;
  deleted: number;
}

export interface DbCounters {
  transactions: number;
  /** Statements seen by the pooler; null where nothing counts them (the baseline's direct pg Pools). */
  statements: number | null;
  rowsFetched: number;
  tables: Record<string, TableRows>;
  /** pg_stat_statements by query id, this database's only; null where the server does not track them. */
  byStatement: Record<string, StatementStat> | null;
}

export interface StatementStat {
  calls: number;
  execMs: number;
  bufferHits: number;
  query: string;
}

/** One statement's share of a scenario, per acked message (execution time includes lock waits). */
export interface StatementPerMessage {
  /** The normalized text, whitespace collapsed, cut to STATEMENT_LABEL characters. */
  query: string;
  calls: number;
  execMsPerMessage: number;
  execMsPerCall: number;
  bufferHitsPerCall: number;
}

const STATEMENT_LABEL = 90;
/** Statements the per-message breakdown keeps, the costliest first; the rest are summed into one row. */
export const STATEMENTS_SHOWN = 6;

/**
 * Creates pg_stat_statements in a bench database when the server preloads it (the view answers
 * for every database, filtered here by this one's oid); anywhere else, does nothing.
 */
export async function enableStatementStats(databaseUrl: string): Promise<void> {
  await adminQuery(
    databaseUrl,
    `do $$ begin
       if current_setting('shared_preload_libraries') ~ 'pg_stat_statements' then
         create extension if not exists pg_stat_statements;
       end if;
     end $$`,
  );
}

async function readStatements(databaseUrl: string): Promise<Record<string, StatementStat> | null> {
  const [has] = await adminQuery<{ ok: boolean }>(
    databaseUrl,
    "select to_regclass('pg_stat_statements') is not null as ok",
  );
  if (!has?.ok) return null;
  // The bench's own reads (these statistics queries) are left out, so two reads can agree.
  const rows = await adminQuery<{ id: string; calls: string; ms: number; hits: string; query: string }>(
    databaseUrl,
    `select queryid::text as id, calls, total_exec_time as ms, shared_blks_hit as hits, query
       from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
        and query !~* '(pg_stat|to_regclass|pg_database)'`,
  );
  return Object.fromEntries(
    rows.map((r) => [
      r.id,
      { calls: Number(r.calls), execMs: Number(r.ms), bufferHits: Number(r.hits), query: r.query },
    ]),
  );
}

export type DbCounterSource = () => Promise<DbCounters>;

/** The counters of the database at `databaseUrl`; `statements` reads the pooler's count, if any. */
export function dbCounterSource(databaseUrl: string, statements: () => Promise<number | null>): DbCounterSource {
  return async () => {
    const [db] = await adminQuery<{ xacts: string; fetched: string }>(
      databaseUrl,
      `select xact_commit + xact_rollback as xacts, tup_fetched as fetched
       from pg_stat_database where datname = current_database()`,
    );
    const tables = await adminQuery<{ relname: string; ins: string; upd: string; del: string }>(
      databaseUrl,
      'select relname, n_tup_ins as ins, n_tup_upd as upd, n_tup_del as del from pg_stat_user_tables',
    );
    return {
      transactions: Number(db?.xacts ?? 0),
      statements: await statements(),
      rowsFetched: Number(db?.fetched ?? 0),
      tables: Object.fromEntries(
        tables.map((t) => [t.relname, { inserted: Number(t.ins), updated: Number(t.upd), deleted: Number(t.del) }]),
      ),
      byStatement: await readStatements(databaseUrl),
    };
  };
}

/** Per message: what `after` adds to `before`, divided by `messages`; tables with no writes left out. */
export interface DbPerMessage {
  messages: number;
  transactions: number;
  statements: number | null;
  rowsWritten: number;
  tables: Record<string, TableRows>;
  /** The costliest statements by execution time, then "all others"; absent without pg_stat_statements. */
  byStatement?: StatementPerMessage[];
}

/** What each statement added between two reads, per message: the costliest STATEMENTS_SHOWN, then the rest summed. */
export function statementsPerMessage(
  before: Record<string, StatementStat>,
  after: Record<string, StatementStat>,
  messages: number,
): StatementPerMessage[] {
  const grown = Object.entries(after)
    .map(([id, a]) => {
      const b = before[id] ?? { calls: 0, execMs: 0, bufferHits: 0 };
      return {
        query: a.query,
        calls: a.calls - b.calls,
        execMs: a.execMs - b.execMs,
        hits: a.bufferHits - b.bufferHits,
      };
    })
    .filter((d) => d.calls > 0)
    .sort((x, y) => y.execMs - x.execMs);
  const row = (query: string, d: { calls: number; execMs: number; hits: number }): StatementPerMessage => ({
    query,
    calls: d.calls,
    execMsPerMessage: messages > 0 ? d.execMs / messages : Number.NaN,
    execMsPerCall: d.execMs / d.calls,
    bufferHitsPerCall: d.hits / d.calls,
  });
  const shown = grown
    .slice(0, STATEMENTS_SHOWN)
    .map((d) => row(d.query.replace(/\s+/g, ' ').trim().slice(0, STATEMENT_LABEL), d));
  const rest = grown.slice(STATEMENTS_SHOWN);
  if (rest.length === 0) return shown;
  const sum = rest.reduce(
    (t, d) => ({ calls: t.calls + d.calls, execMs: t.execMs + d.execMs, hits: t.hits + d.hits }),
    {
      calls: 0,
      execMs: 0,
      hits: 0,
    },
  );
  return [...shown, row(`all ${rest.length} others`, sum)];
}

export function perMessage(before: DbCounters, after: DbCounters, messages: number): DbPerMessage {
  const per = (n: number) => (messages > 0 ? n / messages : Number.NaN);
  const tables: Record<string, TableRows> = {};
  let written = 0;
  for (const [name, a] of Object.entries(after.tables)) {
    const b = before.tables[name] ?? { inserted: 0, updated: 0, deleted: 0 };
    const d = { inserted: a.inserted - b.inserted, updated: a.updated - b.updated, deleted: a.deleted - b.deleted };
    if (d.inserted + d.updated + d.deleted === 0) continue;
    written += d.inserted + d.updated + d.deleted;
    tables[name] = { inserted: per(d.inserted), updated: per(d.updated), deleted: per(d.deleted) };
  }
  return {
    messages,
    transactions: per(after.transactions - before.transactions),
    statements:
      after.statements !== null && before.statements !== null ? per(after.statements - before.statements) : null,
    rowsWritten: per(written),
    tables,
    ...(before.byStatement && after.byStatement
      ? { byStatement: statementsPerMessage(before.byStatement, after.byStatement, messages) }
      : {}),
  };
}

/** After `firstMs`, reads until two reads `gapMs` apart agree (or `maxMs` more pass). */
export async function settledCounters(
  read: DbCounterSource,
  { firstMs = 10_500, maxMs = 8_000, gapMs = 1_500 } = {},
): Promise<DbCounters> {
  await sleep(firstMs);
  const deadline = performance.now() + maxMs;
  let last = await read();
  while (performance.now() < deadline) {
    await sleep(gapMs);
    const next = await read();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  return last;
}
