// `npm run db:migrate [-- --env staging|production]`: migrates DATABASE_URL, or the embedded
// database when it is unset on a developer's machine (refused in CI and for a named environment).

import { migrateDatabase } from './migrate.ts';
import { migrateTarget } from './migrate-target.ts';
import { resolveDatabase, SetupError } from './services.ts';

const target = migrateTarget(process.argv.slice(2), process.env);
if (target.kind === 'refuse') {
  console.error(target.reason);
  process.exit(1);
}

const db = await resolveDatabase().catch((err: unknown) => {
  console.error(`db:migrate: ${err instanceof SetupError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
try {
  await migrateDatabase(db.url);
  console.log(
    `migrations applied to ${db.label}${target.kind === 'database-url' && target.env ? ` for --env ${target.env}` : ''}`,
  );
} catch (err) {
  console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await db.stop();
}
