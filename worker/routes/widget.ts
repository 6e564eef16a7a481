// The widget's REST API (/api/widget/*): the visitor session (widget key + allowed origin → a
// visitor token), the visitor's conversations and messages, sends and read marks through the
// conversation's room. Called cross-origin from customers' sites, so CORS is open; the token,
// not a cookie, is the credential.

import { and, desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { LIMITS } from '../../contract/frames.ts';
import { signAttachmentUrl } from '../../core/conversations/attachment-url.ts';
import { toWireMessage } from '../../core/conversations/message.ts';
import { toConversationSummary } from '../../core/conversations/summary.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { decryptSecret } from '../../core/platform/secrets.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import type { AppEnv } from '../app-env.ts';
import { openConversation } from '../conversations/open.ts';
import { messagePage } from '../conversations/queries.ts';
import { roomFor, unwrap, unwrapSend } from '../conversations/rooms.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import { jsonBody, queryOf } from '../lib/validate.ts';
import { recordSessionContext } from '../visitors/context.ts';
import { verifyIdentityHash } from '../visitors/identity.ts';
import { requireVisitor } from '../visitors/middleware.ts';
import { originAllowed } from '../visitors/origin.ts';
import { resolveVisitor } from '../visitors/resolve.ts';
import { signVisitorToken, VISITOR_RENEWAL_WINDOW_SECONDS, verifyVisitorToken } from '../visitors/token.ts';
import { uploadAttachment } from './attachments.ts';

const sessionBody = z.object({
  widgetKey: z.string().min(1).max(200),
  visitorToken: z.string().max(4096).optional(),
  identity: z
    .object({
      userId: z.string().min(1).max(200),
      hash: z.string().min(1).max(200),
      name: z.string().max(200).optional(),
      email: z.string().max(320).optional(),
    })
    .optional(),
});

export const clientIdSchema = z.string().min(1).max(LIMITS.clientIdMax);
const openBody = z.object({ clientId: clientIdSchema, body: z.string().max(LIMITS.bodyMax).optional() });
export const sendBody = z.object({ clientId: clientIdSchema, body: z.string().min(1).max(LIMITS.bodyMax) });
export const readBody = z.object({ seq: z.number().int().nonnegative() });
export const pageQuery = z.object({
  afterSeq: z.coerce.number().int().nonnegative().optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function visitorRow(db: Db, projectId: string, visitorId: string) {
  const rows = await db
    .select()
    .from(visitors)
    .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId)))
    .limit(1);
  const row = rows[0];
  if (!row) throw new ApiError(401, 'invalid_token', 'Visitor no longer exists');
  return row;
}

/** The visitor's own conversation, or 404 (someone else's and another project's alike). */
async function ownConversation(db: Db, projectId: string, visitorId: string, id: string) {
  if (!UUID.test(id)) throw notFound('Conversation');
  const rows = await db
    .select()
    .from(conversations)
    .where(
      and(eq(conversations.id, id), eq(conversations.projectId, projectId), eq(conversations.visitorId, visitorId)),
    )
    .limit(1);
  const row = rows[0];
  if (!row) throw notFound('Conversation');
  return row;
}

export const widget = new Hono<AppEnv>()
  .use(
    '/api/widget/*',
    cors({
      origin: (origin) => origin,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Authorization'],
      maxAge: 600,
    }),
  )
  .post('/api/widget/session', async (c) => {
    const input = await jsonBody(c, sessionBody);
    const db = await c.get('db')();
    const config = c.get('config');
    const project = (await db.select().from(projects).where(eq(projects.widgetKey, input.widgetKey)).limit(1))[0];
    if (!project) throw new ApiError(404, 'unknown_widget_key', 'No project has this widget key');
    if (!originAllowed(c.req.header('origin'), project.allowedDomains, config.APP_ENV)) {
      throw forbidden('This site may not use the widget', 'origin_not_allowed');
    }
    const returning = input.visitorToken
      ? await verifyVisitorToken(config.AUTH_JWT_KEYS, input.visitorToken, VISITOR_RENEWAL_WINDOW_SECONDS)
      : null;
    let verified = false;
    if (input.identity && project.identitySecret) {
      const secret = await decryptSecret(
        config.ENCRYPTION_KEYS,
        project.identitySecret,
        `projects.identity_secret:${project.id}`,
      );
      verified = verifyIdentityHash(secret, input.identity.userId, input.identity.hash);
    }
    let moved: string[] = [];
    const visitor = await resolveVisitor(db, {
      projectId: project.id,
      returningVisitorId: returning?.projectId === project.id ? returning.visitorId : null,
      identity: input.identity ?? null,
      verified,
      onMoved: (ids) => {
        moved = ids;
      },
    });
    // Rooms cache their conversation's visitor: those that changed hands reload it.
    await Promise.all(moved.map((id) => roomFor(c.env, id).reload({ id, projectId: project.id })));
    // The visitor panel's "browser" and "page": what this request says, before any report from the widget.
    await recordSessionContext(
      db,
      { visitorId: visitor.id, projectId: project.id },
      {
        userAgent: c.req.header('user-agent'),
        referer: c.req.header('referer'),
        origin: c.req.header('origin'),
      },
    );
    const { token, expiresAt } = await signVisitorToken(config.AUTH_JWT_KEYS, {
      visitorId: visitor.id,
      projectId: project.id,
    });
    const rows = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.projectId, project.id), eq(conversations.visitorId, visitor.id)))
      .orderBy(desc(conversations.lastActivityAt))
      .limit(50);
    return c.json({
      token,
      expiresAt: expiresAt.toISOString(),
      visitor: { id: visitor.id, name: visitor.name, email: visitor.email, verified: visitor.verified },
      project: {
        id: project.id,
        name: project.name,
        widgetSettings: project.widgetSettings,
        requireVerifiedIdentity: project.requireVerifiedIdentity,
      },
      conversations: rows.map((r) => toConversationSummary(r, visitor)),
    });
  })
  .use('/api/widget/conversations/*', requireVisitor())
  .use('/api/widget/conversations', requireVisitor())
  .get('/api/widget/conversations', async (c) => {
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const visitor = await visitorRow(db, projectId, visitorId);
    const rows = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.projectId, projectId), eq(conversations.visitorId, visitorId)))
      .orderBy(desc(conversations.lastActivityAt))
      .limit(50);
    return c.json({ conversations: rows.map((r) => toConversationSummary(r, visitor)) });
  })
  .post('/api/widget/conversations', async (c) => {
    const input = await jsonBody(c, openBody);
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const visitor = await visitorRow(db, projectId, visitorId);
    const project = (await db.select().from(projects).where(eq(projects.id, projectId)).limit(1))[0];
    if (!project) throw notFound('Project');
    if (project.requireVerifiedIdentity && !visitor.verified) {
      throw forbidden('This site requires a verified identity to start a conversation', 'identity_required');
    }
    const { conversation, created } = await openConversation(db, c.env, visitor, input.clientId);
    if (created) nudgeRelayFrom(c);
    let message: ReturnType<typeof unwrapSend> | null = null;
    if (input.body?.trim()) {
      // The opening message uses the same client id: a retried open neither duplicates it.
      const result = await roomFor(c.env, conversation.id).send(
        { id: conversation.id, projectId },
        { kind: 'visitor', id: visitor.id, name: visitor.name },
        { clientId: input.clientId, body: input.body },
      );
      message = unwrapSend(result);
    }
    return c.json({ conversation, message }, created ? 201 : 200);
  })
  .get('/api/widget/conversations/:id', async (c) => {
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.param('id'));
    return c.json({ conversation: toConversationSummary(row, await visitorRow(db, projectId, visitorId)) });
  })
  .get('/api/widget/conversations/:id/messages', async (c) => {
    const q = queryOf(c, pageQuery);
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.param('id'));
    const page = await messagePage(db, projectId, row.id, { ...q, includePrivate: false });
    const url = (id: string) => signAttachmentUrl(c.get('config').AUTH_JWT_KEYS, id);
    return c.json({ messages: page.messages.map((m) => toWireMessage(row.id, m, url)), more: page.more });
  })
  .post('/api/widget/conversations/:id/messages', async (c) => {
    const input = await jsonBody(c, sendBody);
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.param('id'));
    const visitor = await visitorRow(db, projectId, visitorId);
    const result = await roomFor(c.env, row.id).send(
      { id: row.id, projectId },
      { kind: 'visitor', id: visitor.id, name: visitor.name },
      input,
    );
    const ack = unwrapSend(result);
    return c.json(ack, ack.duplicate ? 200 : 201);
  })
  .post('/api/widget/conversations/:id/read', async (c) => {
    const input = await jsonBody(c, readBody);
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.param('id'));
    const seq = unwrap(
      await roomFor(c.env, row.id).markRead({ id: row.id, projectId }, { kind: 'visitor', id: visitorId }, input.seq),
    );
    return c.json({ seq });
  })
  .post('/api/widget/conversations/:id/attachments', async (c) => {
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.param('id'));
    const visitor = await visitorRow(db, projectId, visitorId);
    return uploadAttachment(c, db, { id: row.id, projectId }, { kind: 'visitor', id: visitor.id, name: visitor.name });
  });
