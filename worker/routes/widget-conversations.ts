// /api/widget/conversations: the visitor's own conversations — list, open, read, history, sends,
// read marks and attachments, through the conversation's room. Visitor token only; CORS comes
// from worker/routes/widget.ts, mounted before this. Shapes: contract/rest/widget.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { LIMITS } from '../../contract/frames.ts';
import {
  attachmentAck,
  conversationListResponse,
  conversationResponse,
  messagePage,
  messagePageQuery,
  openConversationRequest,
  openConversationResponse,
  readRequest,
  readResponse,
  sendAck,
  sendMessageRequest,
  widgetConversationListQuery,
} from '../../contract/rest/widget.ts';
import { signAttachmentUrl } from '../../core/conversations/attachment-url.ts';
import { toWireMessage } from '../../core/conversations/message.ts';
import { toConversationSummary } from '../../core/conversations/summary.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import { decodeCursor } from '../conversations/cursor.ts';
import { openConversation } from '../conversations/open.ts';
import { listConversations, messagePage as readMessagePage } from '../conversations/queries.ts';
import { roomFor, unwrap, unwrapSend } from '../conversations/rooms.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import {
  createRouter,
  ErrorSchema,
  errors,
  json,
  jsonBody,
  uuidParam,
  validationHook,
  visitorSecurity,
} from '../lib/openapi.ts';
import { anyTypeAsJson, requireVisitor } from '../visitors/middleware.ts';
import { limitConversationOpen, limitMessageSend } from '../visitors/rate-limit.ts';
import { uploadAttachment } from './attachments.ts';

export const widgetConversations = createRouter();
const tags = ['widget'];

// Named for the document with zod's .meta (contract schemas may predate .openapi()).
const OpenConversationRequest = openConversationRequest.meta({ id: 'OpenConversationRequest' });
const SendMessageRequest = sendMessageRequest.meta({ id: 'SendMessageRequest' });
const SendAck = sendAck.meta({ id: 'SendAck' });
const MessagePage = messagePage.meta({ id: 'MessagePage' });
const WidgetConversationPage = conversationListResponse.meta({ id: 'WidgetConversationPage' });

const ConversationParams = z.object({ conversationId: uuidParam('conversationId') });

/** A malformed conversation id answers like a missing conversation (404), as it always has. */
const missingOnBadId = (
  result: Parameters<typeof validationHook>[0] & { target: string },
  c: Parameters<typeof validationHook>[1],
) => {
  if (!result.success && result.target === 'param') throw notFound('Conversation');
  return validationHook(result, c);
};

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

widgetConversations.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listWidgetConversations',
    tags,
    summary: "The visitor's own conversations, most recently active first (keyset pages)",
    description:
      'Only the conversations of the visitor the token names: never another visitor’s, never another project’s. Pass `nextCursor` back as `cursor` for the next page.',
    security: visitorSecurity,
    middleware: [requireVisitor()],
    request: { query: widgetConversationListQuery },
    responses: { 200: json(WidgetConversationPage, 'A page of conversations'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    // A visitor erased or moved since the token was signed is refused, as on every other widget route.
    await visitorRow(db, projectId, visitorId);
    const page = await listConversations(db, projectId, { visitorId }, decodeCursor(q.cursor), q.limit);
    return c.json(page, 200);
  },
);

widgetConversations.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'openWidgetConversation',
    tags,
    summary: 'Open a new conversation, optionally with its first message (idempotent by clientId)',
    description:
      'Always a new conversation, whatever earlier ones the visitor has (open or resolved): the widget shows its latest unresolved one by default, and this is its explicit "new conversation". A retry with the same clientId returns the conversation the first attempt opened (200). Limited per IP and per visitor (429).',
    security: visitorSecurity,
    middleware: [requireVisitor(), anyTypeAsJson()],
    request: { body: jsonBody(OpenConversationRequest) },
    responses: {
      200: json(openConversationResponse, 'Already opened with this clientId'),
      201: json(openConversationResponse, 'Opened'),
      ...errors(400, 401, 403, 409, 429),
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    await limitConversationOpen(c);
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
    return created ? c.json({ conversation, message }, 201) : c.json({ conversation, message }, 200);
  },
);

widgetConversations.openapi(
  createRoute({
    method: 'get',
    path: '/{conversationId}',
    operationId: 'getWidgetConversation',
    tags,
    summary: "One of the visitor's conversations",
    security: visitorSecurity,
    middleware: [requireVisitor()],
    request: { params: ConversationParams },
    responses: { 200: json(conversationResponse, 'The conversation'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.valid('param').conversationId);
    return c.json({ conversation: toConversationSummary(row, await visitorRow(db, projectId, visitorId)) }, 200);
  },
  missingOnBadId,
);

widgetConversations.openapi(
  createRoute({
    method: 'get',
    path: '/{conversationId}/messages',
    operationId: 'listWidgetMessages',
    tags,
    summary: 'A page of the conversation’s messages (private notes never included)',
    security: visitorSecurity,
    middleware: [requireVisitor()],
    request: { params: ConversationParams, query: messagePageQuery },
    responses: { 200: json(MessagePage, 'Messages'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.valid('param').conversationId);
    const page = await readMessagePage(db, projectId, row.id, { ...q, includePrivate: false });
    const url = (id: string) => signAttachmentUrl(c.get('config').AUTH_JWT_KEYS, id);
    return c.json({ messages: page.messages.map((m) => toWireMessage(row.id, m, url)), more: page.more }, 200);
  },
  missingOnBadId,
);

widgetConversations.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/messages',
    operationId: 'sendWidgetMessage',
    tags,
    summary: 'Send a message (idempotent by clientId)',
    security: visitorSecurity,
    middleware: [requireVisitor(), anyTypeAsJson()],
    request: { params: ConversationParams, body: jsonBody(SendMessageRequest) },
    responses: {
      200: json(SendAck, 'Already sent with this clientId: the original seq'),
      201: json(SendAck, 'Sent'),
      ...errors(400, 401, 403, 404, 409, 429),
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    await limitMessageSend(c);
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.valid('param').conversationId);
    const visitor = await visitorRow(db, projectId, visitorId);
    const result = await roomFor(c.env, row.id).send(
      { id: row.id, projectId },
      { kind: 'visitor', id: visitor.id, name: visitor.name },
      input,
    );
    const ack = unwrapSend(result);
    return ack.duplicate ? c.json(ack, 200) : c.json(ack, 201);
  },
  missingOnBadId,
);

widgetConversations.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/read',
    operationId: 'markWidgetConversationRead',
    tags,
    summary: 'Mark the conversation read up to a seq',
    security: visitorSecurity,
    middleware: [requireVisitor(), anyTypeAsJson()],
    request: { params: ConversationParams, body: jsonBody(readRequest) },
    responses: { 200: json(readResponse, 'The read mark'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.valid('param').conversationId);
    const seq = unwrap(
      await roomFor(c.env, row.id).markRead({ id: row.id, projectId }, { kind: 'visitor', id: visitorId }, input.seq),
    );
    return c.json({ seq }, 200);
  },
  missingOnBadId,
);

widgetConversations.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/attachments',
    operationId: 'uploadWidgetAttachment',
    tags,
    summary: 'Send a file (multipart/form-data: file, clientId, body?)',
    description:
      'The body is read by the upload step itself (limits and allowed types are per project), so it is described, not validated, here.',
    security: visitorSecurity,
    middleware: [requireVisitor()],
    request: {
      params: ConversationParams,
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file', 'clientId'],
              properties: {
                file: { type: 'string', format: 'binary' },
                clientId: { type: 'string', minLength: 1, maxLength: LIMITS.clientIdMax },
                body: { type: 'string', maxLength: LIMITS.bodyMax },
              },
            },
          },
        },
      },
    },
    responses: {
      200: json(attachmentAck, 'Already sent with this clientId'),
      201: json(attachmentAck, 'Sent'),
      ...errors(400, 401, 403, 404, 409, 429),
      413: json(ErrorSchema, 'Larger than the project allows (`attachment_too_large`)'),
      415: json(ErrorSchema, 'A file type the project does not accept (`unsupported_type`)'),
    },
  }),
  async (c) => {
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const row = await ownConversation(db, projectId, visitorId, c.req.valid('param').conversationId);
    const visitor = await visitorRow(db, projectId, visitorId);
    return uploadAttachment(c, db, { id: row.id, projectId }, { kind: 'visitor', id: visitor.id, name: visitor.name });
  },
  missingOnBadId,
);
