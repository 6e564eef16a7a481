// What else carries an erased visitor's or conversation's data besides their own rows: event
// payloads (the outbox, failed and dead-lettered events), the webhook delivery log (the exact
// bodies sent) and exports that include them. Deleted in the erasure's transaction, after the
// conversations themselves: deleting those waits for any consumer still writing deliveries about
// them (it holds them FOR KEY SHARE), so this statement sees what that consumer wrote.
import { sql } from 'drizzle-orm';
import type { Tx } from '../../core/events/outbox.ts';

export interface ErasedSubjects {
  projectId: string;
  conversationIds: readonly string[];
  /** The visitors erased, or whose conversations were (their exports include those). */
  visitorIds: readonly string[];
  /** True when the visitors themselves are erased, not only some of their conversations. */
  visitorsErased: boolean;
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
const textArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::text[]`;

/** Deletes the event data about the subjects; returns the R2 keys of the exports deleted with it. */
export async function purgeEventData(tx: Tx, s: ErasedSubjects): Promise<string[]> {
  const conversations = textArray(s.conversationIds);
  const visitors = textArray(s.visitorsErased ? s.visitorIds : []);
  // Outbox rows about a conversation name it as their aggregate (aggregate_id is indexed).
  await tx.execute(sql`
    delete from outbox_events
     where (aggregate_type = 'conversation' and aggregate_id = any(${conversations}))
        or (aggregate_type = 'visitor' and aggregate_id = any(${visitors}))`);
  await tx.execute(sql`
    delete from failed_events
     where project_id = ${s.projectId}
       and (event->>'aggregateId' = any(${conversations})
            or event->'payload'->>'conversationId' = any(${conversations})
            or event->'payload'->>'visitorId' = any(${visitors})
            -- a dead-lettered notification.due keeps its Queue message
            or event->'notification'->>'conversationId' = any(${conversations}))`);
  // The delivery log has no index by conversation: the project's endpoints narrow it first.
  await tx.execute(sql`
    delete from webhook_deliveries
     where endpoint_id in (select id from webhook_endpoints where project_id = ${s.projectId})
       and (body::jsonb->'data'->>'conversationId' = any(${conversations})
            or body::jsonb->'data'->>'visitorId' = any(${visitors}))`);
  // A project export holds everyone; a visitor's or a conversation's holds them.
  const exports = await tx.execute<{ object_key: string | null }>(sql`
    delete from data_exports
     where project_id = ${s.projectId}
       and (scope = 'project'
            or subject_id = any(${uuidArray(s.conversationIds)})
            or subject_id = any(${uuidArray(s.visitorIds)}))
    returning object_key`);
  return exports.rows.flatMap((r) => (r.object_key ? [r.object_key] : []));
}
