// PUT /api/projects/:projectId/conversations/:conversationId/priority: set or clear (null) a
// conversation's priority, by any member (worker/conversations/priority.ts). A change commits with
// one `conversation.priority_changed` event; the events consumer then pushes the conversation to
// the project's inbox.
import { createRoute } from '@hono/zod-openapi';
import { conversationChanged, priorityChange } from '../../contract/rest/conversations.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import { setPriority } from '../conversations/priority.ts';
import { agentSummary, findConversation } from '../conversations/queries.ts';
import { notFound } from '../errors.ts';
import {
  bearerSecurity,
  ConversationParams,
  createRouter,
  errors,
  json,
  jsonBody,
  notFoundOnBadId,
} from '../lib/openapi.ts';
import { asMember } from '../middleware/auth.ts';

/** Mounted at /api/projects/:projectId/conversations. */
export const conversationPriorityRoutes = createRouter();

conversationPriorityRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/{conversationId}/priority',
    operationId: 'setConversationPriority',
    tags: ['conversations'],
    summary: "Set a conversation's priority (urgent, high, medium, low), or clear it (null)",
    description: 'Setting the priority it already has changes nothing and publishes no event.',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ConversationParams, body: jsonBody(priorityChange.meta({ id: 'PriorityChange' })) },
    responses: {
      200: json(conversationChanged, 'The conversation after the change, with its priority'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { conversationId } = c.req.valid('param');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const result = await setPriority(db, projectId, conversationId, c.req.valid('json').priority, {
      kind: 'agent',
      id: c.get('agent').userId,
    });
    if (result.changed) nudgeRelayFrom(c);
    const found = await findConversation(db, projectId, conversationId);
    if (!found) throw notFound('Conversation');
    return c.json({ conversation: agentSummary(found.c, found.v) }, 200);
  },
  notFoundOnBadId('Conversation'),
);
