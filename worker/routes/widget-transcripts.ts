// POST /api/widget/conversations/:conversationId/transcript: the visitor asks for the transcript by
// email (the widget's menu). Kept as a pending request and mailed when the conversation is resolved
// (worker/events/handlers/transcripts.ts), at once when it already is. Only ever to the visitor's
// own email, or the one given here when they have none (it becomes theirs), and rate-limited:
// a visitor cannot make Parley mail arbitrary addresses. Mounted after
// worker/routes/widget.ts, whose CORS covers every /api/widget/* route.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import { transcriptRequest, transcriptResponse } from '../../contract/rest/transcripts.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { transcriptRequests } from '../../drizzle/schema/transcripts.ts';
import { linkContact } from '../contacts/link.ts';
import { mailPendingTranscripts } from '../conversations/transcripts.ts';
import { badRequest, notFound } from '../errors.ts';
import { createMailSender } from '../lib/mail.ts';
import { createRouter, errors, json, jsonBody, notFoundOnBadId, uuidParam, visitorSecurity } from '../lib/openapi.ts';
import { anyTypeAsJson, requireVisitor } from '../visitors/middleware.ts';
import { limitTranscriptRequest } from '../visitors/rate-limit.ts';

export const widgetTranscripts = createRouter();

widgetTranscripts.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/transcript',
    operationId: 'requestWidgetTranscript',
    tags: ['widget'],
    summary: 'Ask for the transcript by email, sent when the conversation is resolved',
    description:
      'The transcript goes to the visitor’s email; `email` is taken only when they have none (it then becomes theirs). Asking again asks for a new transcript. 400 `email_required` when there is no email at all; 429 past 5 requests an hour.',
    security: visitorSecurity,
    middleware: [requireVisitor(), anyTypeAsJson()],
    request: {
      params: z.object({ conversationId: uuidParam('conversationId') }),
      body: jsonBody(transcriptRequest.meta({ id: 'TranscriptRequest' })),
    },
    responses: {
      202: json(transcriptResponse.meta({ id: 'TranscriptResponse' }), 'Requested (or sent, when already resolved)'),
      ...errors(400, 401, 403, 404, 429),
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    await limitTranscriptRequest(c);
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const [row] = await db
      .select({ id: conversations.id, status: conversations.status, email: visitors.email })
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(
        and(
          eq(conversations.id, c.req.valid('param').conversationId),
          eq(conversations.projectId, projectId),
          eq(conversations.visitorId, visitorId),
        ),
      )
      .limit(1);
    if (!row) throw notFound('Conversation');
    // Only ever to the visitor's own email: one given here counts only while they have none.
    const email = row.email ?? input.email;
    if (!email) throw badRequest('An email address is needed to send the transcript', 'email_required');
    if (input.email && !row.email) {
      // The visitor's own claim, as the pre-chat form would store it (never over a verified identity's).
      const [claimed] = await db
        .update(visitors)
        .set({ email: input.email })
        .where(and(eq(visitors.id, visitorId), isNull(visitors.email), eq(visitors.verified, false)))
        .returning();
      // An email left here links the visitor to a contact of their own, as the pre-chat form's does.
      if (claimed) await linkContact(db, claimed);
    }
    const requestedAt = new Date();
    await db
      .insert(transcriptRequests)
      .values({ conversationId: row.id, projectId, email, requestedAt })
      .onConflictDoUpdate({ target: transcriptRequests.conversationId, set: { email, requestedAt, sentAt: null } });
    let sent = false;
    if (row.status === 'resolved') {
      const sender = createMailSender(c.get('config'));
      const mailed = await db.transaction((tx) => mailPendingTranscripts(tx, sender, [row.id]));
      // The Queue consumer's handler for the resolution may have mailed this very request between
      // the insert above and here (the mail went once, by it): then it is sent all the same.
      sent =
        mailed > 0 ||
        (
          await db
            .select({ sentAt: transcriptRequests.sentAt })
            .from(transcriptRequests)
            .where(eq(transcriptRequests.conversationId, row.id))
            .limit(1)
        )[0]?.sentAt != null;
    }
    return c.json(
      {
        transcript: {
          email,
          status: sent ? ('sent' as const) : ('pending' as const),
          requestedAt: requestedAt.toISOString(),
        },
      },
      202,
    );
  },
  notFoundOnBadId('Conversation'),
);
