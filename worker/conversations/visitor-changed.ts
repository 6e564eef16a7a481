// A visitor's name or email changed (the pre-chat form, Parley.identify): their conversations'
// rows move on a revision, the project's dashboards are pushed the new summaries (the open
// conversation's header and the list show the name at once), and the rooms reload the visitor
// they keep, so the live frames name them as Postgres now does. The push is best effort: a
// dashboard that misses it has the new name at its next load.
import { sql } from 'drizzle-orm';
import { fromLoadedRow, type LoadedRow, VISITOR_COLUMNS } from '../../core/conversations/changes.ts';
import type { InboxChange } from '../../core/conversations/inbox-api.ts';
import { toSummary } from '../../core/conversations/state.ts';
import type { Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { agentFieldsOf } from './agent-fields.ts';
import { inboxFor, roomFor } from './rooms.ts';

export async function visitorChanged(
  db: Db,
  env: Env,
  ref: { projectId: string; visitorId: string },
  waitUntil: (p: Promise<unknown>) => void,
): Promise<void> {
  const { projectId, visitorId } = ref;
  const rows = (
    await db.execute<LoadedRow & { label_ids?: unknown; priority?: unknown }>(sql`
      with bumped as (
        update conversations set revision = revision + 1
        where visitor_id = ${visitorId} and project_id = ${projectId}
        returning *
      )
      select c.*, ${VISITOR_COLUMNS} from bumped c join visitors v on v.id = c.visitor_id`)
  ).rows;
  if (rows.length === 0) return;
  const changes: InboxChange[] = rows.map((row) => {
    const state = fromLoadedRow(row);
    return {
      change: 'updated',
      conversation: { ...toSummary(state), ...agentFieldsOf(row) },
      revision: state.revision,
    };
  });
  const tell = async () => {
    await inboxFor(env, projectId).conversationsChanged(changes);
    await Promise.all(changes.map(({ conversation: { id } }) => roomFor(env, id).reload({ id, projectId })));
  };
  waitUntil(tell().catch((err: unknown) => log.warn('visitor change push failed', errorFields(err))));
}
