// Opening a conversation (a visitor's first message, or explicitly): one row plus its outbox
// events in one transaction, idempotent on the opening client id, optionally assigned round-robin
// among online agents; the project's inbox hears about it from the events consumer.
import { and, eq } from 'drizzle-orm';
import { assigned, conversationCreated } from '../../contract/events.ts';
import type { ConversationSummary } from '../../contract/frames.ts';
import { toConversationSummary } from '../../core/conversations/summary.ts';
import type { Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { pgError } from '../../core/platform/pg-errors.ts';
import { conversations, type visitors } from '../../drizzle/schema/conversations.ts';
import { outboxEvents } from '../../drizzle/schema/outbox.ts';
import { memberships } from '../../drizzle/schema/tenancy.ts';
import { inboxFor } from './rooms.ts';
import { loadSettings } from './settings.ts';

type Visitor = typeof visitors.$inferSelect;

async function byOpeningClientId(db: Db, visitorId: string, clientId: string) {
  const rows = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.visitorId, visitorId), eq(conversations.openingClientId, clientId)))
    .limit(1);
  return rows[0];
}

async function pickAssignee(db: Db, env: Env, projectId: string): Promise<string | null> {
  const settings = await loadSettings(db, projectId);
  if (settings.autoAssign !== 'round_robin') return null;
  const members = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.projectId, projectId));
  try {
    return await inboxFor(env, projectId).pickAssignee(members.map((m) => m.userId));
  } catch (err) {
    // Assignment is a convenience: the conversation opens unassigned rather than failing.
    log.warn('round-robin pick failed', { projectId, ...errorFields(err) });
    return null;
  }
}

export async function openConversation(
  db: Db,
  env: Env,
  visitor: Visitor,
  clientId: string,
): Promise<{ conversation: ConversationSummary; created: boolean }> {
  const existing = await byOpeningClientId(db, visitor.id, clientId);
  if (existing) return { conversation: toConversationSummary(existing, visitor), created: false };
  const assigneeId = await pickAssignee(db, env, visitor.projectId);
  let row: typeof conversations.$inferSelect;
  try {
    row = await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(conversations)
        .values({ projectId: visitor.projectId, visitorId: visitor.id, assigneeId, openingClientId: clientId })
        .returning();
      if (!inserted) throw new Error('conversation insert returned no row');
      const events = [
        conversationCreated(inserted.id, inserted.projectId, visitor.id, assigneeId, inserted.createdAt),
        ...(assigneeId ? [assigned(inserted.id, inserted.projectId, null, assigneeId, { kind: 'system' })] : []),
      ];
      await tx.insert(outboxEvents).values(
        events.map((e) => ({
          projectId: inserted.projectId,
          aggregateType: 'conversation',
          aggregateId: inserted.id,
          type: e.type,
          payload: e.payload,
        })),
      );
      return inserted;
    });
  } catch (err) {
    // The same opening request, retried concurrently: the other one won.
    const raced = pgError(err)?.code === '23505' ? await byOpeningClientId(db, visitor.id, clientId) : undefined;
    if (!raced) throw err;
    return { conversation: toConversationSummary(raced, visitor), created: false };
  }
  // Dashboards hear of it from the events consumer (conversation.created), once the outbox row is relayed.
  return { conversation: toConversationSummary(row, visitor), created: true };
}
