// A project's conversation settings, mounted at /api/projects/:projectId/conversation-settings:
// every member reads them (the composer needs the attachment limits), Managers replace them.
import { createRoute } from '@hono/zod-openapi';
import { conversationSettings, conversationSettingsView } from '../../contract/rest/conversation-settings.ts';
import { loadSettings, saveSettings } from '../conversations/settings.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, ProjectParams } from '../lib/openapi.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';

export const conversationSettingsRoutes = createRouter();
const tags = ['conversations'];
const SettingsView = conversationSettingsView.meta({ id: 'ConversationSettingsView' });

conversationSettingsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'getConversationSettings',
    tags,
    summary: "The project's auto-assignment, attachment and retention settings (any member)",
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: { params: ProjectParams },
    responses: {
      200: json(SettingsView, 'The settings (defaults until a Manager saves some)'),
      ...errors(401, 403, 404),
    },
  }),
  async (c) => {
    const db = await c.get('db')();
    return c.json({ settings: await loadSettings(db, c.get('membership').projectId) }, 200);
  },
);

conversationSettingsRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/',
    operationId: 'updateConversationSettings',
    tags,
    summary: "Replace the project's conversation settings (Managers)",
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember('manager')],
    request: { params: ProjectParams, body: jsonBody(conversationSettings.meta({ id: 'ConversationSettings' })) },
    responses: { 200: json(SettingsView, 'The settings now in effect'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const db = await c.get('db')();
    await saveSettings(db, c.get('membership').projectId, input);
    return c.json({ settings: await loadSettings(db, c.get('membership').projectId) }, 200);
  },
);
