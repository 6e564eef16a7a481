import { describe, expect, it } from 'vitest';
import {
  type DbCounters,
  perMessage,
  STATEMENTS_SHOWN,
  type StatementStat,
  statementsPerMessage,
} from './db-counters.ts';

const stat = (calls: number, execMs: number, bufferHits: number, query = 'select 1'): StatementStat => ({
  calls,
  execMs,
  bufferHits,
  query,
});

const counters = (byStatement: DbCounters['byStatement']): DbCounters => ({
  transactions: 0,
  statements: null,
  rowsFetched: 0,
  tables: {},
  byStatement,
});

describe('statementsPerMessage', () => {
  it("keeps each statement's growth between the reads, per message and per call, costliest first", () => {
    const before = { a: stat(10, 5, 100, 'with conv as (\n  update conversations'), b: stat(1, 1, 1) };
    const after = {
      a: stat(110, 45, 5_100, 'with conv as (\n  update conversations'),
      b: stat(1, 1, 1),
      c: stat(20, 60, 400, 'update outbox_events'),
    };
    expect(statementsPerMessage(before, after, 100)).toEqual([
      { query: 'update outbox_events', calls: 20, execMsPerMessage: 0.6, execMsPerCall: 3, bufferHitsPerCall: 20 },
      // Whitespace collapsed; `b` did not run in between and is left out.
      {
        query: 'with conv as ( update conversations',
        calls: 100,
        execMsPerMessage: 0.4,
        execMsPerCall: 0.4,
        bufferHitsPerCall: 50,
      },
    ]);
  });

  it('sums the statements past the costliest few into one row', () => {
    const after = Object.fromEntries(
      Array.from({ length: STATEMENTS_SHOWN + 2 }, (_, i) => [`q${i}`, stat(1, 10 - i, 2, `q${i}`)]),
    );
    const rows = statementsPerMessage({}, after, 10);
    expect(rows).toHaveLength(STATEMENTS_SHOWN + 1);
    expect(rows.at(-1)).toEqual({
      query: 'all 2 others',
      calls: 2,
      execMsPerMessage: (10 - STATEMENTS_SHOWN + 10 - STATEMENTS_SHOWN - 1) / 10,
      execMsPerCall: (10 - STATEMENTS_SHOWN + 10 - STATEMENTS_SHOWN - 1) / 2,
      bufferHitsPerCall: 2,
    });
  });
});

describe('perMessage', () => {
  it('breaks the time down by statement only when both reads had the statistics', () => {
    const after = counters({ a: stat(4, 8, 40) });
    expect(perMessage(counters({}), after, 4).byStatement).toHaveLength(1);
    expect(perMessage(counters(null), after, 4)).not.toHaveProperty('byStatement');
    expect(perMessage(counters(null), counters(null), 4)).not.toHaveProperty('byStatement');
  });
});
