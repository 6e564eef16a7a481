// `npm run db:migrate`: migrates DATABASE_URL, or the embedded database when it is unset.

import { migrateDatabase } from './migrate.ts';
import { resolveDatabase } from './services.ts';

const db = await resolveDatabase();
try {
  await migrateDatabase(db.url);
  console.log(`migrations applied to ${db.label}`);
} catch (err) {
  console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await db.stop();
}
