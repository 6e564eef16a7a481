// `npm run secrets:rotate`: re-encrypts every secret at rest not on the active ENCRYPTION_KEYS key
// (the first one), batch after batch, then prints what is left. Run it after putting a new key
// first, before removing the old one. DATABASE_URL and ENCRYPTION_KEYS come from the environment.
import { createRequire } from 'node:module';
import { keyring } from '../core/platform/keyring.ts';
import { reencryptSecrets } from '../worker/operations/key-rotation.ts';

const require = createRequire(import.meta.url);
const pg = require('pg') as typeof import('pg');

const url = process.env.DATABASE_URL;
const parsed = keyring('ENCRYPTION_KEYS', 32).safeParse(process.env.ENCRYPTION_KEYS);
if (!url || !parsed.success) {
  console.error('secrets:rotate needs DATABASE_URL and ENCRYPTION_KEYS ("kid:base64key,…", the new key first)');
  process.exit(1);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  let total = 0;
  for (;;) {
    const report = await reencryptSecrets(client, parsed.data, { batchSize: 500 });
    total += report.reencrypted;
    if (report.reencrypted === 0 || report.remaining === report.failed) {
      console.log(
        `secrets:rotate: ${total} re-encrypted to ${parsed.data.active}; ${report.remaining} left (${report.failed} undecryptable)`,
      );
      process.exitCode = report.remaining === 0 ? 0 : 1;
      break;
    }
  }
} finally {
  await client.end();
}
