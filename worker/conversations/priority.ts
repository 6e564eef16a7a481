// A conversation's priority (urgent, high, medium, low, or none), set by any member. Like the
// labels (worker/labels/apply.ts) it is the agents' own bookkeeping, not the room's: one
// transaction locks the row, writes the priority (bumping the revision so the inbox orders the
// push) and the `conversation.priority_changed` outbox row; the events consumer then pushes the
// conversation to the project's inbox. A change to the priority it already has writes nothing.
import { sql } from 'drizzle-orm';
import type { ConversationPriority } from '../../contract/enums.ts';
import { type Actor, priorityChanged } from '../../contract/events.ts';
import { writeOutbox } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { notFound } from '../errors.ts';
import { priorityOf } from './agent-fields.ts';

export interface PriorityResult {
  priority: ConversationPriority | null;
  changed: boolean;
}

export async function setPriority(
  db: Db,
  projectId: string,
  conversationId: string,
  priority: ConversationPriority | null,
  by: Actor,
): Promise<PriorityResult> {
  return db.transaction(async (tx) => {
    const locked = await tx.execute<{ priority: string | null }>(sql`
      select priority from conversations where id = ${conversationId} and project_id = ${projectId} for update`);
    const row = locked.rows[0];
    if (!row) throw notFound('Conversation');
    const previous = priorityOf(row.priority);
    if (previous === priority) return { priority, changed: false };
    const now = new Date();
    await tx.execute(sql`
      update conversations set priority = ${priority}::conversation_priority,
        revision = revision + 1, updated_at = ${now}::timestamptz
      where id = ${conversationId} and project_id = ${projectId}`);
    const event = priorityChanged(conversationId, projectId, { priority, previousPriority: previous }, now, by);
    await writeOutbox(tx, [
      {
        projectId,
        type: event.type,
        aggregateType: 'conversation',
        aggregateId: conversationId,
        payload: event.payload,
      },
    ]);
    return { priority, changed: true };
  });
}
