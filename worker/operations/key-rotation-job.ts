// The auth side of the cron trigger: one bounded batch of key rotation (so a new ENCRYPTION_KEYS
// key reaches every row within minutes without a deploy step) and pruning of expired auth rows.
// Failures are logged, never thrown at the cron.
import { readConfig } from '../../core/platform/config.ts';
import { connectDb } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { type Queryable, reencryptSecrets } from './key-rotation.ts';

/** Rows nobody can use any more: answered challenges and email tokens a day after they expired,
 * sessions a week after (their rotated refresh tokens go with them, by cascade). */
export async function pruneExpiredAuthRows(db: Queryable): Promise<number> {
  let pruned = 0;
  for (const statement of [
    `delete from mfa_challenges where expires_at < now() - interval '1 day'`,
    `delete from email_tokens where expires_at < now() - interval '1 day'`,
    `delete from sessions where expires_at < now() - interval '7 days'`,
  ]) {
    pruned += (await db.query(statement)).rowCount ?? 0;
  }
  return pruned;
}

export async function rotateSecretsOnSchedule(env: Env, batchSize = 200): Promise<void> {
  try {
    const config = readConfig(env);
    const conn = await connectDb(config);
    try {
      const report = await reencryptSecrets(conn.client, config.ENCRYPTION_KEYS, { batchSize });
      if (report.reencrypted > 0 || report.failed > 0) {
        log.info('key rotation', { count: report.reencrypted, failed: report.failed, remaining: report.remaining });
      }
      await pruneExpiredAuthRows(conn.client);
    } finally {
      await conn.close();
    }
  } catch (err) {
    log.error('auth cron failed', { task: 'key rotation', ...errorFields(err) });
  }
}
