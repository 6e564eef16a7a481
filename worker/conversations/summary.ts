// Shapes conversation rows (drizzle, camelCase) into the protocol's ConversationSummary, the one
// form REST responses and socket frames share.

import type { ConversationSummary } from '../../contract/frames.ts';
import type { conversations, visitors } from '../../drizzle/schema/conversations.ts';

type ConversationRow = typeof conversations.$inferSelect;
type VisitorRow = Pick<typeof visitors.$inferSelect, 'id' | 'name' | 'email' | 'verified'>;

export function toConversationSummary(c: ConversationRow, v: VisitorRow): ConversationSummary {
  return {
    id: c.id,
    projectId: c.projectId,
    status: c.status,
    snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
    assigneeId: c.assigneeId,
    visitor: { id: v.id, name: v.name, email: v.email, verified: v.verified },
    lastActivityAt: c.lastActivityAt.toISOString(),
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
    lastMessagePreview: c.lastMessagePreview,
    lastSeq: c.lastSeq,
    unreadByAgent: c.unreadByAgent,
    unreadByVisitor: c.unreadByVisitor,
    createdAt: c.createdAt.toISOString(),
  };
}
