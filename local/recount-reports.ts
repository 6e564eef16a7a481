// `npm run reports:recount [-- <projectId>…]`: rebuilds the report facts from the source tables
// (worker/reports/recount.ts) for the projects named, or every project. DATABASE_URL names the
// database (`npm run dev` prints the local stack's). Safe while the consumer runs: rows are upserted one
// statement per project, and later events still apply on top.
import { RECOUNT_SQL } from '../worker/reports/recount.ts';
import { adminQuery } from './admin-query.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required: the database whose report facts to rebuild');
  process.exit(2);
}
const named = process.argv.slice(2).filter((a) => a !== '--');
const projectIds =
  named.length > 0
    ? named
    : (await adminQuery<{ id: string }>(url, 'select id from projects order by id')).map((r) => r.id);
for (const projectId of projectIds) {
  const started = Date.now();
  await adminQuery(url, RECOUNT_SQL, [projectId]);
  console.log(JSON.stringify({ recounted: projectId, ms: Date.now() - started }));
}
