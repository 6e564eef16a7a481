// Transcripts by email: a visitor's pending request (drizzle/schema/transcripts.ts) is mailed once
// when its conversation is resolved. The request is marked sent and the mail sent in one
// transaction: a redelivered resolve event finds nothing pending, and a mail that fails rolls the
// mark back so the event's retry sends it (docs/EMAIL.md, "Transcripts").
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { conversations, messages, visitors } from '../../drizzle/schema/conversations.ts';
import { projects, users } from '../../drizzle/schema/tenancy.ts';
import { transcriptRequests } from '../../drizzle/schema/transcripts.ts';
import type { Mail, MailSender } from '../lib/mail.ts';

/** Messages in one transcript at most (the first ones). */
const TRANSCRIPT_MAX_MESSAGES = 1000;

interface TranscriptLine {
  createdAt: Date;
  authorKind: string;
  agentName: string | null;
  body: string;
  attachmentName: string | null;
}

/** The mail for one conversation: its public messages in order, with who wrote each and when (UTC). */
export function transcriptMail(
  to: string,
  project: string,
  visitorName: string | null,
  lines: readonly TranscriptLine[],
): Mail {
  const who = (l: TranscriptLine) =>
    l.authorKind === 'visitor' ? (visitorName ?? 'You') : l.authorKind === 'agent' ? (l.agentName ?? project) : project;
  const body = lines
    .map((l) => {
      const at = l.createdAt.toISOString().slice(0, 16).replace('T', ' ');
      const text = [l.body, l.attachmentName ? `[file: ${l.attachmentName}]` : ''].filter(Boolean).join('\n');
      return `[${at} UTC] ${who(l)}:\n${text}`;
    })
    .join('\n\n');
  return {
    to,
    subject: `Your conversation with ${project}`,
    text: `Here is the transcript of your conversation with ${project}, as you asked.\n\n${body}\n`,
  };
}

/**
 * Mails the pending transcripts of `conversationIds` that are resolved, marking them sent in
 * `tx`; a mail that fails throws, and the caller's transaction (and the mark) is rolled back.
 * Returns how many were sent.
 */
export async function mailPendingTranscripts(
  tx: Tx | Db,
  sender: MailSender,
  conversationIds: readonly string[],
): Promise<number> {
  if (conversationIds.length === 0) return 0;
  const due = await tx
    .update(transcriptRequests)
    .set({ sentAt: new Date() })
    .where(
      and(
        inArray(transcriptRequests.conversationId, [...conversationIds]),
        isNull(transcriptRequests.sentAt),
        inArray(
          transcriptRequests.conversationId,
          tx
            .select({ id: conversations.id })
            .from(conversations)
            .where(and(inArray(conversations.id, [...conversationIds]), eq(conversations.status, 'resolved'))),
        ),
      ),
    )
    .returning({ conversationId: transcriptRequests.conversationId, email: transcriptRequests.email });
  for (const request of due) {
    const [head] = await tx
      .select({ project: projects.name, visitorName: visitors.name })
      .from(conversations)
      .innerJoin(projects, eq(projects.id, conversations.projectId))
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(eq(conversations.id, request.conversationId))
      .limit(1);
    if (!head) continue;
    const rows = await tx
      .select({
        createdAt: messages.createdAt,
        authorKind: messages.authorKind,
        agentName: users.name,
        body: messages.body,
        attachmentName: messages.attachmentName,
      })
      .from(messages)
      .leftJoin(users, eq(users.id, messages.authorId))
      .where(and(eq(messages.conversationId, request.conversationId), eq(messages.private, false)))
      .orderBy(asc(messages.seq))
      .limit(TRANSCRIPT_MAX_MESSAGES);
    await sender.send(transcriptMail(request.email, head.project, head.visitorName, rows));
  }
  return due.length;
}
