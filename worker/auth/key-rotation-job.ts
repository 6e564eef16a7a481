// The cron side of key rotation: one bounded batch per run, so a new ENCRYPTION_KEYS key reaches
// every row within minutes without a deploy step; failures are logged, never thrown at the cron.
import { readConfig } from '../config.ts';
import { connectDb } from '../lib/db.ts';
import { reencryptSecrets } from './key-rotation.ts';

export async function rotateSecretsOnSchedule(env: Env, batchSize = 200): Promise<void> {
  try {
    const config = readConfig(env);
    const conn = await connectDb(config);
    try {
      const report = await reencryptSecrets(conn.client, config.ENCRYPTION_KEYS, { batchSize });
      if (report.reencrypted > 0 || report.failed > 0) console.log(`key rotation: ${JSON.stringify(report)}`);
    } finally {
      await conn.close();
    }
  } catch (err) {
    console.error(`key rotation: ${err instanceof Error ? err.message : String(err)}`);
  }
}
