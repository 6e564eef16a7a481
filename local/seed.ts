// Seeds the local demo: one project with a known widget key and its Manager account. Idempotent.
import { createRequire } from 'node:module';
import { hashPassword } from '../worker/auth/password.ts';

const require = createRequire(import.meta.url);
const pg = require('pg') as typeof import('pg');

export const DEMO = { email: 'manager@demo.parley.local', projectName: 'Demo', widgetKey: 'pk_demo_local' } as const;

export async function seedDemo(databaseUrl: string, password: string): Promise<{ projectId: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const project = await client.query<{ id: string }>(
      `insert into projects (name, widget_key) values ($1, $2)
       on conflict (widget_key) do update set widget_key = excluded.widget_key returning id`,
      [DEMO.projectName, DEMO.widgetKey],
    );
    const projectId = project.rows[0]?.id;
    if (!projectId) throw new Error('seed: project insert returned no row');
    const existing = await client.query<{ id: string }>('select id from users where lower(email) = lower($1)', [
      DEMO.email,
    ]);
    let userId = existing.rows[0]?.id;
    if (!userId) {
      const user = await client.query<{ id: string }>(
        'insert into users (email, name, password_hash, email_verified) values ($1, $2, $3, true) returning id',
        [DEMO.email, 'Demo Manager', await hashPassword(password)],
      );
      userId = user.rows[0]?.id;
    }
    await client.query(
      `insert into memberships (project_id, user_id, role) values ($1, $2, 'manager') on conflict do nothing`,
      [projectId, userId],
    );
    await client.query('commit');
    return { projectId };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
