// The project-scoped lists that page newest first are served in index order: the audit log
// (worker/routes/audit.ts, `order by created_at desc, id desc` with a keyset on both) and the
// exports list (worker/routes/privacy.ts, `order by created_at desc`). `desc` means NULLS FIRST, so
// an index built `created_at DESC NULLS LAST` cannot give that order and Postgres sorted every row
// of the project. Checked on the plan, with the other ways to read the table switched off so that
// a test database of a few rows shows the path the planner takes on a large one.
import { describe, expect, it } from 'vitest';
import { withDb } from './helpers/db.ts';

const PROJECT = '00000000-0000-4000-8000-000000000001';

async function planOf(query: string): Promise<string> {
  return withDb(async ({ client }) => {
    await client.query('begin');
    try {
      for (const off of ['enable_seqscan', 'enable_bitmapscan']) await client.query(`set local ${off} = off`);
      const { rows } = await client.query(`explain ${query}`);
      return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('rollback');
    }
  });
}

describe('paging indexes', () => {
  it('the audit log pages through audit_events_project_idx, first page and keyset, without a sort', async () => {
    for (const keyset of ['', `and (created_at, id) < ('2026-01-01T00:00:00Z'::timestamptz, '${PROJECT}'::uuid)`]) {
      const plan = await planOf(
        `select * from audit_events where project_id = '${PROJECT}' ${keyset} order by created_at desc, id desc limit 51`,
      );
      expect(plan).toContain('audit_events_project_idx');
      expect(plan).not.toMatch(/Sort/);
    }
  });

  it('the exports list reads data_exports_project_idx in order, without a sort', async () => {
    const plan = await planOf(
      `select * from data_exports where project_id = '${PROJECT}' order by created_at desc limit 50`,
    );
    expect(plan).toContain('data_exports_project_idx');
    expect(plan).not.toMatch(/Sort/);
  });
});
