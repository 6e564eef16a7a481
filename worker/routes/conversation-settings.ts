// A project's conversation settings, mounted at /api/projects/:projectId/conversation-settings:
// every member reads them (the composer needs the attachment limits), Managers replace them, and
// each change is audited field by field.
import { createRoute } from '@hono/zod-openapi';
import { conversationSettings, conversationSettingsView } from '../../contract/rest/conversation-settings.ts';
import { type ConversationSettings, loadSettings, saveSettings } from '../conversations/settings.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, ProjectParams } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { auditProject } from '../tenancy/audit.ts';

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
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const before = await loadSettings(db, projectId);
    await saveSettings(db, projectId, input);
    const after = await loadSettings(db, projectId);
    const changes = changedSettings(before, after);
    if (Object.keys(changes).length > 0) {
      await auditProject(db, {
        projectId,
        actorId: c.get('agent').userId,
        type: 'project.settings_changed',
        info: requestInfo(c),
        data: { fields: Object.keys(changes).sort().join(','), ...changes },
      });
    }
    return c.json({ settings: after }, 200);
  },
);

const shown = (value: ConversationSettings[keyof ConversationSettings]) =>
  Array.isArray(value) ? value.join(' ') || '(none)' : String(value ?? 'off');

/** Each setting that changed, as "before → after" (none of them is a secret). */
function changedSettings(before: ConversationSettings, after: ConversationSettings): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const key of Object.keys(after) as (keyof ConversationSettings)[]) {
    const [was, now] = [shown(before[key]), shown(after[key])];
    if (was !== now) changes[key] = `${was} → ${now}`;
  }
  return changes;
}
