// Agents' conversation API under /api/projects/:projectId/...: list (filters, keyset pagination,
// newest activity first), read one with its messages (paged by seq), change status, assign, send
// (through the same room as sockets, with the same guarantees), read marks, attachments, full-text
// search, and the project's conversation settings. Every query is scoped by the caller's project.

import { Hono } from 'hono';
import { z } from 'zod';
import { conversationStatus } from '../../contract/enums.ts';
import { LIMITS } from '../../contract/frames.ts';
import { signAttachmentUrl } from '../../core/conversations/attachment-url.ts';
import { toWireMessage } from '../../core/conversations/message.ts';
import { toConversationSummary } from '../../core/conversations/summary.ts';
import type { Db } from '../../core/platform/db.ts';
import type { AppEnv } from '../app-env.ts';
import { agentName, isMember } from '../conversations/agents.ts';
import { decodeCursor } from '../conversations/cursor.ts';
import { findConversation, listConversations, messagePage, searchMessages } from '../conversations/queries.ts';
import { roomFor, unwrap, unwrapSend } from '../conversations/rooms.ts';
import {
  ATTACHMENT_MAX_BYTES_CEILING,
  type ConversationSettings,
  loadSettings,
  SNIFFABLE_TYPES,
  saveSettings,
} from '../conversations/settings.ts';
import { badRequest, notFound } from '../errors.ts';
import { jsonBody, queryOf } from '../lib/validate.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { uploadAttachment } from './attachments.ts';
import { clientIdSchema, pageQuery, readBody } from './widget.ts';

const status = conversationStatus;
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const listQuery = z.object({
  status: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(status))
    .optional(),
  assignee: z.uuid().optional(),
  unassigned: flag.optional(),
  mine: flag.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const searchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const statusBody = z
  .object({ status, snoozedUntil: z.iso.datetime({ offset: true }).optional() })
  .refine((b) => b.status !== 'snoozed' || b.snoozedUntil !== undefined, {
    message: 'snoozedUntil is required to snooze',
    path: ['snoozedUntil'],
  })
  .refine((b) => b.snoozedUntil === undefined || new Date(b.snoozedUntil).getTime() > Date.now(), {
    message: 'snoozedUntil must be in the future',
    path: ['snoozedUntil'],
  });

const assignBody = z.object({ assigneeId: z.uuid().nullable() });
const agentSendBody = z.object({
  clientId: clientIdSchema,
  body: z.string().min(1).max(LIMITS.bodyMax),
  private: z.boolean().optional(),
});

const settingsBody = z.object({
  autoAssign: z.enum(['off', 'round_robin']),
  attachmentMaxBytes: z.number().int().min(1024).max(ATTACHMENT_MAX_BYTES_CEILING),
  attachmentTypes: z.array(z.enum(SNIFFABLE_TYPES)).max(SNIFFABLE_TYPES.length),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function conversationOf(db: Db, projectId: string, id: string) {
  if (!UUID.test(id)) throw notFound('Conversation');
  const found = await findConversation(db, projectId, id);
  if (!found) throw notFound('Conversation');
  return found;
}

const base = '/api/projects/:projectId';

export const conversationRoutes = new Hono<AppEnv>()
  .use(`${base}/conversations`, requireAgent(), requireMember())
  .use(`${base}/conversations/*`, requireAgent(), requireMember())
  .use(`${base}/conversation-settings`, requireAgent(), requireMember())
  .get(`${base}/conversations`, async (c) => {
    const q = queryOf(c, listQuery);
    if (q.unassigned && (q.assignee || q.mine)) throw badRequest('unassigned cannot be combined with assignee or mine');
    if (q.mine && q.assignee) throw badRequest('mine cannot be combined with assignee');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const page = await listConversations(
      db,
      projectId,
      {
        ...(q.status ? { status: q.status } : {}),
        ...(q.mine ? { assigneeId: c.get('agent').userId } : q.assignee ? { assigneeId: q.assignee } : {}),
        ...(q.unassigned ? { unassigned: true } : {}),
      },
      decodeCursor(q.cursor),
      q.limit,
    );
    return c.json(page);
  })
  .get(`${base}/conversations/search`, async (c) => {
    const q = queryOf(c, searchQuery);
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const { hits, nextCursor } = await searchMessages(db, projectId, q.q, decodeCursor(q.cursor), q.limit);
    const url = (id: string) => signAttachmentUrl(c.get('config').AUTH_JWT_KEYS, id);
    return c.json({
      results: hits.map((h) => ({
        conversationId: h.conversationId,
        message: toWireMessage(h.conversationId, h.message, url),
      })),
      nextCursor,
    });
  })
  .get(`${base}/conversations/:id`, async (c) => {
    const q = queryOf(c, pageQuery);
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const found = await conversationOf(db, projectId, c.req.param('id'));
    const page = await messagePage(db, projectId, found.c.id, { ...q, includePrivate: true });
    const url = (id: string) => signAttachmentUrl(c.get('config').AUTH_JWT_KEYS, id);
    return c.json({
      conversation: toConversationSummary(found.c, found.v),
      messages: page.messages.map((m) => toWireMessage(found.c.id, m, url)),
      more: page.more,
    });
  })
  .post(`${base}/conversations/:id/status`, async (c) => {
    const input = await jsonBody(c, statusBody);
    const { projectId } = c.get('membership');
    const found = await conversationOf(await c.get('db')(), projectId, c.req.param('id'));
    const agent = c.get('agent');
    const conversation = unwrap(
      await roomFor(c.env, found.c.id).setStatus(
        { id: found.c.id, projectId },
        { kind: 'agent', id: agent.userId },
        input.status,
        input.status === 'snoozed' ? (input.snoozedUntil ?? null) : null,
      ),
    );
    return c.json({ conversation });
  })
  .post(`${base}/conversations/:id/assign`, async (c) => {
    const input = await jsonBody(c, assignBody);
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const found = await conversationOf(db, projectId, c.req.param('id'));
    if (input.assigneeId && !(await isMember(db, projectId, input.assigneeId))) {
      throw badRequest('The assignee is not a member of this project', 'invalid_assignee');
    }
    const agent = c.get('agent');
    const conversation = unwrap(
      await roomFor(c.env, found.c.id).assign(
        { id: found.c.id, projectId },
        { kind: 'agent', id: agent.userId },
        input.assigneeId,
      ),
    );
    return c.json({ conversation });
  })
  .post(`${base}/conversations/:id/messages`, async (c) => {
    const input = await jsonBody(c, agentSendBody);
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const found = await conversationOf(db, projectId, c.req.param('id'));
    const agent = c.get('agent');
    const result = await roomFor(c.env, found.c.id).send(
      { id: found.c.id, projectId },
      { kind: 'agent', id: agent.userId, name: await agentName(db, agent.userId) },
      input,
    );
    const ack = unwrapSend(result);
    return c.json(ack, ack.duplicate ? 200 : 201);
  })
  .post(`${base}/conversations/:id/read`, async (c) => {
    const input = await jsonBody(c, readBody);
    const { projectId } = c.get('membership');
    const found = await conversationOf(await c.get('db')(), projectId, c.req.param('id'));
    const agent = c.get('agent');
    const seq = unwrap(
      await roomFor(c.env, found.c.id).markRead(
        { id: found.c.id, projectId },
        { kind: 'agent', id: agent.userId },
        input.seq,
      ),
    );
    return c.json({ seq });
  })
  .post(`${base}/conversations/:id/attachments`, async (c) => {
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const found = await conversationOf(db, projectId, c.req.param('id'));
    const agent = c.get('agent');
    return uploadAttachment(
      c,
      db,
      { id: found.c.id, projectId },
      { kind: 'agent', id: agent.userId, name: await agentName(db, agent.userId) },
    );
  })
  .get(`${base}/conversation-settings`, async (c) => {
    const db = await c.get('db')();
    return c.json({ settings: await loadSettings(db, c.get('membership').projectId) });
  })
  .put(`${base}/conversation-settings`, requireMember('manager'), async (c) => {
    const input: ConversationSettings = await jsonBody(c, settingsBody);
    const db = await c.get('db')();
    await saveSettings(db, c.get('membership').projectId, input);
    return c.json({ settings: input });
  });
