// Work that runs after the response is sent, on a database connection of its own (the request's
// connection is closed as soon as the handler returns). Used where the time a step takes must not
// show in the response time, e.g. whether a password-reset email exists.
import type { Context } from 'hono';
import { connectDb, type Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import type { AppEnv } from '../app-env.ts';

export function runInBackground(c: Context<AppEnv>, what: string, task: (db: Db) => Promise<void>): void {
  const config = c.get('config');
  const run = async () => {
    const conn = await connectDb(config);
    try {
      await task(conn.db);
    } finally {
      await conn.close();
    }
  };
  c.executionCtx.waitUntil(
    run().catch((err: unknown) => {
      log.error('background task failed', { task: what, ...errorFields(err) });
    }),
  );
}
