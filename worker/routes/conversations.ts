// Agents' conversation API, mounted at /api/projects/:projectId/conversations: list (filters,
// keyset pagination, newest activity first), full-text search, read one with its messages (paged
// by seq), change status, assign, send (through the same room as sockets, with the same
// guarantees), read marks and attachments. Every query is scoped by the caller's project.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  agentSend,
  assignment,
  conversationChanged,
  conversationListQuery,
  conversationPage,
  conversationSearchQuery,
  conversationSearchResults,
  conversationWithMessages,
  messageDeleted,
  messagePageQuery,
  readMark,
  sendAck,
  statusChange,
} from '../../contract/rest/conversations.ts';
import { signAttachmentUrl } from '../../core/conversations/attachment-url.ts';
import { toWireMessage } from '../../core/conversations/message.ts';
import type { Db } from '../../core/platform/db.ts';
import type { AppEnv } from '../app-env.ts';
import { agentName, isMember } from '../conversations/agents.ts';
import { decodeCursor } from '../conversations/cursor.ts';
import {
  agentSummary,
  findConversation,
  listConversations,
  messagePage,
  searchMessages,
} from '../conversations/queries.ts';
import { roomFor, unwrap, unwrapSend } from '../conversations/rooms.ts';
import { badRequest, notFound } from '../errors.ts';
import { requireLabel } from '../labels/definitions.ts';
import {
  bearerSecurity,
  ConversationParams,
  createRouter,
  ErrorSchema,
  errors,
  json,
  jsonBody,
  notFoundOnBadId,
  ProjectParams,
  uuidParam,
} from '../lib/openapi.ts';
import { asMember } from '../middleware/auth.ts';
import { attachmentUploadBody, attachmentUploadResponses, storeAttachment } from './attachments.ts';

/** Mounted at /api/projects/:projectId/conversations; every route is for any member of the project. */
export const conversations = createRouter();
const tags = ['conversations'];
/** A malformed conversation id is a conversation that does not exist. */
const hook = notFoundOnBadId('Conversation');

const ConversationPage = conversationPage.meta({ id: 'ConversationPage' });
const ConversationChanged = conversationChanged.meta({ id: 'ConversationChanged' });
const SendAck = sendAck.meta({ id: 'SendAck' });
const ReadMark = readMark.meta({ id: 'ReadMark' });
/** Room answers beyond the usual: a closed conversation, rate limits, the database away. */
const roomErrors = {
  ...errors(409, 429),
  503: json(ErrorSchema, 'The database could not be reached; nothing changed — retry'),
};

/** The conversation in the path, within the caller's project (another project's is a 404). */
async function conversationOf(db: Db, projectId: string, id: string) {
  const found = await findConversation(db, projectId, id);
  if (!found) throw notFound('Conversation');
  return found;
}

/**
 * What a room call takes for the conversation in the path (404 outside the caller's project): its
 * reference, and the calling agent as the actor.
 */
async function roomCall(c: Context<AppEnv>, conversationId: string) {
  const { projectId } = c.get('membership');
  const found = await conversationOf(await c.get('db')(), projectId, conversationId);
  return { ref: { id: found.c.id, projectId }, by: { kind: 'agent' as const, id: c.get('agent').userId } };
}

// Before /{conversationId}, which would otherwise take "search" for an id.
conversations.openapi(
  createRoute({
    method: 'get',
    path: '/search',
    operationId: 'searchConversations',
    tags,
    summary: "Full-text search over the project's messages, private notes included",
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ProjectParams, query: conversationSearchQuery },
    responses: {
      200: json(conversationSearchResults.meta({ id: 'ConversationSearchResults' }), 'Matching messages, best first'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    if (q.label) await requireLabel(db, projectId, q.label);
    const { hits, nextCursor } = await searchMessages(db, projectId, q.q, decodeCursor(q.cursor), q.limit, q.label);
    const url = (id: string) => signAttachmentUrl(c.get('config').AUTH_JWT_KEYS, id);
    const results = hits.map((h) => ({
      conversationId: h.conversationId,
      message: toWireMessage(h.conversationId, h.message, url),
    }));
    return c.json({ results, nextCursor }, 200);
  },
);

conversations.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listConversations',
    tags,
    summary: "The project's conversations, newest activity first, filtered and keyset-paginated",
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ProjectParams, query: conversationListQuery },
    responses: { 200: json(ConversationPage, 'A page of conversations'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const q = c.req.valid('query');
    if (q.unassigned && (q.assignee || q.mine)) throw badRequest('unassigned cannot be combined with assignee or mine');
    if (q.mine && q.assignee) throw badRequest('mine cannot be combined with assignee');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    if (q.label) await requireLabel(db, projectId, q.label);
    const page = await listConversations(
      db,
      projectId,
      {
        ...(q.status ? { status: q.status } : {}),
        ...(q.mine ? { assigneeId: c.get('agent').userId } : q.assignee ? { assigneeId: q.assignee } : {}),
        ...(q.unassigned ? { unassigned: true } : {}),
        ...(q.label ? { labelId: q.label } : {}),
        ...(q.mentioned ? { mentionedUserId: c.get('agent').userId } : {}),
        ...(q.priority?.length ? { priorities: q.priority } : {}),
      },
      decodeCursor(q.cursor),
      q.limit,
    );
    return c.json(page, 200);
  },
);

conversations.openapi(
  createRoute({
    method: 'get',
    path: '/{conversationId}',
    operationId: 'getConversation',
    tags,
    summary: 'One conversation with a page of its messages by seq, private notes included',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ConversationParams, query: messagePageQuery },
    responses: {
      200: json(conversationWithMessages.meta({ id: 'ConversationWithMessages' }), 'The conversation and messages'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const found = await conversationOf(db, projectId, c.req.valid('param').conversationId);
    const page = await messagePage(db, projectId, found.c.id, { ...q, includePrivate: true });
    const url = (id: string) => signAttachmentUrl(c.get('config').AUTH_JWT_KEYS, id);
    return c.json(
      {
        conversation: agentSummary(found.c, found.v),
        messages: page.messages.map((m) => toWireMessage(found.c.id, m, url)),
        more: page.more,
      },
      200,
    );
  },
  hook,
);

conversations.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/status',
    operationId: 'changeConversationStatus',
    tags,
    summary: 'Open, set pending, resolve or snooze (until a time) a conversation',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ConversationParams, body: jsonBody(statusChange.meta({ id: 'StatusChange' })) },
    responses: {
      200: json(ConversationChanged, 'The conversation after the change'),
      ...errors(400, 401, 403, 404),
      ...roomErrors,
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const { ref, by } = await roomCall(c, c.req.valid('param').conversationId);
    const snoozedUntil = input.status === 'snoozed' ? (input.snoozedUntil ?? null) : null;
    const conversation = unwrap(await roomFor(c.env, ref.id).setStatus(ref, by, input.status, snoozedUntil));
    return c.json({ conversation }, 200);
  },
  hook,
);

conversations.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/assign',
    operationId: 'assignConversation',
    tags,
    summary: 'Assign a conversation to a member of the project, or unassign it (null)',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ConversationParams, body: jsonBody(assignment.meta({ id: 'Assignment' })) },
    responses: {
      200: json(ConversationChanged, 'The conversation after the change'),
      ...errors(400, 401, 403, 404),
      ...roomErrors,
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const { ref, by } = await roomCall(c, c.req.valid('param').conversationId);
    if (input.assigneeId && !(await isMember(await c.get('db')(), ref.projectId, input.assigneeId))) {
      throw badRequest('The assignee is not a member of this project', 'invalid_assignee');
    }
    const conversation = unwrap(await roomFor(c.env, ref.id).assign(ref, by, input.assigneeId));
    return c.json({ conversation }, 200);
  },
  hook,
);

conversations.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/messages',
    operationId: 'sendAgentMessage',
    tags,
    summary: 'Send a message or a private note as the calling agent (idempotent by clientId)',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ConversationParams, body: jsonBody(agentSend.meta({ id: 'AgentSend' })) },
    responses: {
      200: json(SendAck, 'A retry of an earlier send (same clientId): that message, `duplicate: true`'),
      201: json(SendAck, 'Sent'),
      ...errors(400, 401, 403, 404),
      ...roomErrors,
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const { ref, by } = await roomCall(c, c.req.valid('param').conversationId);
    const name = await agentName(await c.get('db')(), by.id);
    const ack = unwrapSend(await roomFor(c.env, ref.id).send(ref, { ...by, name }, input));
    return ack.duplicate ? c.json(ack, 200) : c.json(ack, 201);
  },
  hook,
);

conversations.openapi(
  createRoute({
    method: 'delete',
    path: '/{conversationId}/messages/{messageId}',
    operationId: 'deleteMessage',
    tags,
    summary: "Delete a message: the caller's own within the project's window, or any visitor's",
    description:
      'The body and attachment are erased and a tombstone stays in the thread; both sides see it live ' +
      "(a `deleted` frame) and `message.deleted` is published. 403 `forbidden`: another agent's message; " +
      '403 `delete_window_passed`: the window passed (or is 0); 409 `already_deleted`.',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ConversationParams.extend({ messageId: uuidParam('messageId') }) },
    responses: {
      200: json(messageDeleted.meta({ id: 'MessageDeleted' }), 'Deleted'),
      ...errors(401, 403, 404),
      ...roomErrors,
    },
  }),
  async (c) => {
    const { conversationId, messageId } = c.req.valid('param');
    const { ref, by } = await roomCall(c, conversationId);
    const deletion = unwrap(await roomFor(c.env, ref.id).deleteMessage(ref, by, messageId));
    return c.json({ deletion }, 200);
  },
  notFoundOnBadId('Message'),
);

conversations.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/read',
    operationId: 'markConversationRead',
    tags,
    summary: "Mark the conversation read up to a seq on the agents' side",
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ConversationParams, body: jsonBody(ReadMark) },
    responses: { 200: json(ReadMark, 'The read mark now in effect'), ...errors(400, 401, 403, 404), ...roomErrors },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const { ref, by } = await roomCall(c, c.req.valid('param').conversationId);
    const seq = unwrap(await roomFor(c.env, ref.id).markRead(ref, by, input.seq));
    return c.json({ seq }, 200);
  },
  hook,
);

conversations.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/attachments',
    operationId: 'uploadAgentAttachment',
    tags,
    summary: 'Upload a file and send it as a message or a private note (idempotent by clientId)',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ConversationParams, body: attachmentUploadBody },
    responses: { ...attachmentUploadResponses, ...errors(400, 401, 403, 404), ...roomErrors },
  }),
  async (c) => {
    const { ref, by } = await roomCall(c, c.req.valid('param').conversationId);
    const db = await c.get('db')();
    const sent = await storeAttachment(c, db, ref, { ...by, name: await agentName(db, by.id) });
    return sent.duplicate ? c.json(sent, 200) : c.json(sent, 201);
  },
  hook,
);
