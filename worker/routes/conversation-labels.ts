// /api/projects/:projectId/conversations/:conversationId/labels: the labels on one conversation,
// changed by any member (agents in the dashboard, API tokens from scripts). Each change that
// changes something commits with one `conversation.labels_changed` outbox event; the events
// consumer then pushes the conversation to the project's inbox (as for an assignment).
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { conversationLabels, conversationLabelsAdd, conversationLabelsReplace } from '../../contract/rest/labels.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import type { AppEnv } from '../app-env.ts';
import { changeConversationLabels, type LabelChange } from '../labels/apply.ts';
import {
  bearerSecurity,
  ConversationParams,
  createRouter,
  errors,
  json,
  jsonBody,
  notFoundOnBadId,
  uuidParam,
} from '../lib/openapi.ts';
import { asMember } from '../middleware/auth.ts';

/** Mounted at /api/projects/:projectId/conversations. */
export const conversationLabelRoutes = createRouter();
const tags = ['labels'];
const hook = notFoundOnBadId('Conversation');
const ConversationLabels = conversationLabels.meta({ id: 'ConversationLabels' });
const answers = {
  200: json(ConversationLabels, 'The labels after the change; `changed: false` when nothing changed (no event)'),
  ...errors(400, 401, 403, 404),
};

async function apply(c: Context<AppEnv>, conversationId: string, change: LabelChange) {
  const { projectId } = c.get('membership');
  const result = await changeConversationLabels(await c.get('db')(), projectId, conversationId, change, {
    kind: 'agent',
    id: c.get('agent').userId,
  });
  if (result.changed) nudgeRelayFrom(c);
  return { conversationId, ...result };
}

conversationLabelRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/{conversationId}/labels',
    operationId: 'replaceConversationLabels',
    tags,
    summary: "Set a conversation's labels (the whole set)",
    description: "404 when the conversation or any label is not this project's.",
    security: bearerSecurity,
    middleware: asMember,
    request: {
      params: ConversationParams,
      body: jsonBody(conversationLabelsReplace.meta({ id: 'ConversationLabelsReplace' })),
    },
    responses: answers,
  }),
  async (c) => {
    const { conversationId } = c.req.valid('param');
    return c.json(await apply(c, conversationId, { kind: 'replace', labelIds: c.req.valid('json').labelIds }), 200);
  },
  hook,
);

conversationLabelRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/{conversationId}/labels',
    operationId: 'addConversationLabels',
    tags,
    summary: 'Add labels to a conversation (those it already has are ignored)',
    description: "404 when the conversation or any label is not this project's.",
    security: bearerSecurity,
    middleware: asMember,
    request: {
      params: ConversationParams,
      body: jsonBody(conversationLabelsAdd.meta({ id: 'ConversationLabelsAdd' })),
    },
    responses: answers,
  }),
  async (c) => {
    const { conversationId } = c.req.valid('param');
    return c.json(await apply(c, conversationId, { kind: 'add', labelIds: c.req.valid('json').labelIds }), 200);
  },
  hook,
);

conversationLabelRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/{conversationId}/labels/{labelId}',
    operationId: 'removeConversationLabel',
    tags,
    summary: 'Take one label off a conversation (a label it does not carry changes nothing)',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ConversationParams.extend({ labelId: uuidParam('labelId') }) },
    responses: answers,
  }),
  async (c) => {
    const { conversationId, labelId } = c.req.valid('param');
    return c.json(await apply(c, conversationId, { kind: 'remove', labelIds: [labelId] }), 200);
  },
  hook,
);
