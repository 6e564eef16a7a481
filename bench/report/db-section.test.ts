import { describe, expect, it } from 'vitest';
import type { DbPerMessage } from '../lib/db-counters.ts';
import { dbSection } from './db-section.ts';
import type { BenchResults } from './results.ts';

const db = (byStatement?: DbPerMessage['byStatement']): DbPerMessage => ({
  messages: 100,
  transactions: 1,
  statements: 1,
  rowsWritten: 4,
  tables: { messages: { inserted: 1, updated: 0, deleted: 0 } },
  ...(byStatement ? { byStatement } : {}),
});
const results = (parley: DbPerMessage, baseline: DbPerMessage) =>
  ({
    s1: { parley: { ok: true, result: { db: parley } }, baseline: { ok: true, result: { db: baseline } } },
  }) as unknown as Pick<BenchResults, 's1'>;

describe('dbSection', () => {
  it('adds the per-statement table when a target had pg_stat_statements, escaping the text', () => {
    const md = dbSection(
      results(
        db([
          {
            query: 'select a | b from `t`',
            calls: 2_000,
            execMsPerMessage: 0.4,
            execMsPerCall: 0.02,
            bufferHitsPerCall: 3,
          },
        ]),
        db(),
      ),
    );
    expect(md).toContain("| Parley | `select a \\| b from 't'` | 2,000 | 0.400 | 0.020 | 3.0 |");
    expect(md).toContain('| all, per message | | | Parley 0.400, baseline — | | |');
  });

  it('leaves it out when neither had them', () => {
    expect(dbSection(results(db(), db()))).not.toContain('pg_stat_statements');
  });
});
