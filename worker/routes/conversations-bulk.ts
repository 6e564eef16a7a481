// POST /api/projects/:projectId/conversations/bulk: one change to many conversations (the inbox's
// selection). The request is checked whole first — every conversation, the assignee and every label
// must be the project's, else nothing changes — then each conversation changes on its own exactly
// as its single route would: a status or an assignment through its ConversationRoom (the authority
// for both), labels and priority in their own transaction. A few at a time, so a selection of 100 neither waits
// on them one by one nor wakes 100 rooms at once. The answer says how each went, and carries the
// conversations as they are after, for the dashboard's lists.
import { createRoute } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../contract/events.ts';
import { type BulkChange, type BulkResult, bulkChange, bulkResult } from '../../contract/rest/conversations.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { isMember } from '../conversations/agents.ts';
import { setPriority } from '../conversations/priority.ts';
import { agentSummary } from '../conversations/queries.ts';
import { roomFor } from '../conversations/rooms.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { changeConversationLabels, requireProjectLabels } from '../labels/apply.ts';
import { chunksOf } from '../lib/chunks.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, ProjectParams } from '../lib/openapi.ts';
import { asMember } from '../middleware/auth.ts';

/** Mounted at /api/projects/:projectId/conversations. */
export const conversationBulkRoutes = createRouter();

/** Conversations changed at once. */
const AT_ONCE = 8;

type Outcome = BulkResult['results'][number];
type Action = BulkChange['action'];

conversationBulkRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/bulk',
    operationId: 'bulkChangeConversations',
    tags: ['conversations'],
    summary: 'Resolve, reopen, snooze, assign, label or prioritise many conversations at once (up to 100)',
    description:
      'Checked whole before anything changes: a conversation or label that is not the project’s is a 404 ' +
      '`not_found`, an assignee who is not a member a 400 `invalid_assignee`, and nothing changes. Then each ' +
      'conversation changes as its own route would (the same events, the same pushes to the inbox); ' +
      '`results` says how each went (e.g. `unavailable`, `too_many_labels`), `conversations` how they are now.',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ProjectParams, body: jsonBody(bulkChange.meta({ id: 'BulkChange' })) },
    responses: { 200: json(bulkResult.meta({ id: 'BulkResult' }), 'How each went'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { conversationIds, action } = c.req.valid('json');
    const { projectId } = c.get('membership');
    const by: Actor = { kind: 'agent', id: c.get('agent').userId };
    const db = await c.get('db')();
    const ids = [...new Set(conversationIds.map((id) => id.toLowerCase()))];
    await requireWhole(db, projectId, ids, action);
    const results: Outcome[] = [];
    for (const chunk of chunksOf(ids, AT_ONCE)) {
      results.push(...(await Promise.all(chunk.map((id) => changeOne(c.env, db, projectId, id, action, by)))));
    }
    if ((action.kind === 'labels' || action.kind === 'priority') && results.some((r) => r.ok)) nudgeRelayFrom(c);
    const after = await summaries(db, projectId, ids);
    log.info('bulk change', {
      projectId,
      task: `bulk ${action.kind}`,
      count: ids.length,
      failed: results.filter((r) => !r.ok).length,
    });
    return c.json({ results, conversations: after }, 200);
  },
);

/** Everything the request names is the project's: otherwise it is refused and nothing changes. */
async function requireWhole(db: Db, projectId: string, ids: readonly string[], action: Action): Promise<void> {
  const found = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.projectId, projectId), inArray(conversations.id, [...ids])));
  if (found.length !== ids.length) throw notFound('Conversation');
  if (action.kind === 'assign' && action.assigneeId && !(await isMember(db, projectId, action.assigneeId))) {
    throw badRequest('The assignee is not a member of this project', 'invalid_assignee');
  }
  if (action.kind === 'labels' && action.op === 'add') await requireProjectLabels(db, projectId, action.labelIds);
}

/** One conversation's change, as its own route makes it; a failure is this conversation's only. */
async function changeOne(
  env: Env,
  db: Db,
  projectId: string,
  conversationId: string,
  action: Action,
  by: Actor,
): Promise<Outcome> {
  try {
    if (action.kind === 'labels') {
      await changeConversationLabels(db, projectId, conversationId, { kind: action.op, labelIds: action.labelIds }, by);
      return { conversationId, ok: true };
    }
    if (action.kind === 'priority') {
      await setPriority(db, projectId, conversationId, action.priority, by);
      return { conversationId, ok: true };
    }
    const ref = { id: conversationId, projectId };
    const room = roomFor(env, conversationId);
    const result =
      action.kind === 'status'
        ? await room.setStatus(
            ref,
            by,
            action.status,
            action.status === 'snoozed' ? (action.snoozedUntil ?? null) : null,
          )
        : await room.assign(ref, by, action.assigneeId);
    return result.ok
      ? { conversationId, ok: true }
      : { conversationId, ok: false, error: { code: result.code, message: result.message } };
  } catch (err) {
    if (err instanceof ApiError) return { conversationId, ok: false, error: { code: err.code, message: err.message } };
    log.error('bulk change failed for a conversation', { projectId, conversationId, ...errorFields(err) });
    return { conversationId, ok: false, error: { code: 'unavailable', message: 'Could not change it now; retry' } };
  }
}

/** The conversations as the lists show them, in the order named. */
async function summaries(db: Db, projectId: string, ids: readonly string[]) {
  const rows = await db
    .select({ c: conversations, v: visitors })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(and(eq(conversations.projectId, projectId), inArray(conversations.id, [...ids])));
  const byId = new Map(rows.map((r) => [r.c.id, agentSummary(r.c, r.v)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
