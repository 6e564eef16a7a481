// The one mapping from a conversation (a drizzle row, or the state a room holds) to the protocol's
// ConversationSummary, the form REST responses, socket frames and inbox pushes share.
import type { ConversationSummary } from '../../contract/frames.ts';

/** What a summary is made of; a drizzle `conversations` row and a room's state both have it. */
export interface SummarySource {
  id: string;
  projectId: string;
  status: ConversationSummary['status'];
  snoozedUntil: Date | null;
  assigneeId: string | null;
  lastActivityAt: Date;
  lastMessageAt: Date | null;
  lastMessagePreview: string | null;
  lastSeq: number;
  unreadByAgent: number;
  unreadByVisitor: number;
  createdAt: Date;
  revision: number;
  /** When it was last resolved; the summary shows it only while it is resolved. */
  resolvedAt?: Date | null;
}

export function toConversationSummary(c: SummarySource, v: ConversationSummary['visitor']): ConversationSummary {
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
    revision: c.revision,
    resolvedAt: c.status === 'resolved' ? (c.resolvedAt?.toISOString() ?? null) : null,
  };
}
