// What a target asked of Postgres during a scenario, from the statistics Postgres keeps per
// database (each target has a database of its own): transactions, rows inserted/updated/deleted,
// per table, and — where a pooler sees every statement (Parley) — statements. Postgres publishes
// a backend's counters up to 10 s late (PG15 flushes an idle backend's stats after 10 s), so the
// reading after a scenario waits that long, then until two reads agree.
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
