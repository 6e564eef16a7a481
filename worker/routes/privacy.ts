// The data lifecycle of a project, mounted at /api/projects/:projectId (Managers): erase a visitor,
// a conversation or the whole project (worker/privacy/erasure.ts), and export the same scopes
// (worker/privacy/export.ts). Erasing answers 204 once and 404 afterwards: nothing is left to find.
import { createRoute } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import type { QueueMessage } from '../../contract/events.ts';
import { dataExportList, dataExportView, exportRequest } from '../../contract/rest/privacy.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import { dataExports } from '../../drizzle/schema/privacy.ts';
import { forbidden, notFound } from '../errors.ts';
import { runInBackground } from '../lib/background.ts';
import {
  bearerSecurity,
  createRouter,
  errors,
  json,
  jsonBody,
  notFoundOnBadId,
  ProjectParams,
  uuidParam,
} from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { requireRecentAuth } from '../middleware/recent-auth.ts';
import { type Eraser, eraseConversations, eraseProject, eraseVisitor } from '../privacy/erasure.ts';
import { exportView, requestExport } from '../privacy/export.ts';
import { runErasureTasks } from '../privacy/storage.ts';

export const privacy = createRouter();
const tags = ['privacy'];
const asManager = [requireAgent(), requireMember('manager')];
const erased = { 204: { description: 'Erased (everything, including attachments and the rooms’ storage)' } };

privacy.openapi(
  createRoute({
    method: 'delete',
    path: '/visitors/{visitorId}',
    operationId: 'eraseVisitor',
    tags,
    summary: 'Erase a visitor and all their conversations (Managers)',
    description:
      'Deletes the visitor, their context, conversations, messages, read marks and attachments (R2), the event ' +
      'payloads and webhook deliveries that carry them and exports that include them; wipes each conversation’s room ' +
      '(its sockets close with 4403). Audited as `visitor.erased` (ids only) and announced to webhooks as ' +
      '`visitor.erased`. A second call answers 404, and the visitor’s token is refused (401).',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams.extend({ visitorId: uuidParam('visitorId') }) },
    responses: { ...erased, ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const { visitorId } = c.req.valid('param');
    const db = await c.get('db')();
    const by: Eraser = { kind: 'agent', userId: c.get('agent').userId, info: requestInfo(c) };
    const done = await eraseVisitor(db, { projectId, visitorId, by });
    if (!done) throw notFound('Visitor');
    nudgeRelayFrom(c);
    // At once; what fails here is retried by the cron (the tasks are recorded).
    await runErasureTasks(c.env, db, { ids: done.taskIds });
    return c.body(null, 204);
  },
  notFoundOnBadId('Visitor'),
);

privacy.openapi(
  createRoute({
    method: 'delete',
    path: '/conversations/{conversationId}',
    operationId: 'eraseConversation',
    tags,
    summary: 'Erase a conversation (Managers)',
    description:
      'Deletes the conversation, its messages, read marks and attachments, the event payloads and deliveries about it ' +
      'and exports that include it; wipes its room (sockets close with 4403). The visitor stays. Audited and ' +
      'announced as `conversation.erased`. A second call answers 404.',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams.extend({ conversationId: uuidParam('conversationId') }) },
    responses: { ...erased, ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const { conversationId } = c.req.valid('param');
    const db = await c.get('db')();
    const by: Eraser = { kind: 'agent', userId: c.get('agent').userId, info: requestInfo(c) };
    const done = await eraseConversations(db, { projectId, conversationIds: [conversationId], reason: 'request', by });
    if (done.conversationIds.length === 0) throw notFound('Conversation');
    nudgeRelayFrom(c);
    await runErasureTasks(c.env, db, { ids: done.taskIds });
    return c.body(null, 204);
  },
  notFoundOnBadId('Conversation'),
);

privacy.openapi(
  createRoute({
    method: 'delete',
    path: '/',
    operationId: 'eraseProject',
    tags,
    summary: 'Erase the project with everything in it (Managers); needs a recent sign-in',
    description:
      'Deletes every member, visitor, conversation, message, attachment, setting, token, audit row and export of the ' +
      'project at once, and wipes its rooms and inbox (sockets close with 4403). Its webhook endpoints are kept just ' +
      'long enough to receive `project.erased`, then go too. Needs a recent proof of the user (403 ' +
      '`reauthentication_required`); an API token cannot erase a project (403 `api_token_not_allowed`). Recorded ' +
      'in the audit log without a project. A second call answers 404.',
    security: bearerSecurity,
    middleware: [...asManager, requireRecentAuth()],
    request: { params: ProjectParams },
    responses: { ...erased, ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const agent = c.get('agent');
    if (agent.apiToken) throw forbidden('An API token cannot erase a project: sign in', 'api_token_not_allowed');
    const db = await c.get('db')();
    const done = await eraseProject(db, {
      projectId,
      by: { kind: 'agent', userId: agent.userId, info: requestInfo(c) },
    });
    if (!done) throw notFound('Project');
    nudgeRelayFrom(c);
    // Possibly many rooms: after the response; the cron finishes what this does not.
    runInBackground(c, 'project erasure storage', async (bg) => {
      await runErasureTasks(c.env, bg, { ids: done.taskIds });
    });
    return c.body(null, 204);
  },
);

privacy.openapi(
  createRoute({
    method: 'post',
    path: '/exports',
    operationId: 'createExport',
    tags,
    summary: 'Export a visitor, a conversation or the project as JSON (Managers)',
    description:
      'Built in the background; poll `GET …/exports/{exportId}` until `status` is `ready`, then download from its ' +
      '`downloadUrl` (signed, valid for an hour; no Authorization header needed). The archive is one JSON document ' +
      '(format `parley.export/1`, docs/API.md); attachments are signed links in it, valid until the export expires ' +
      '(7 days). At most 3 exports of a project are built at once (429 `exports_pending`). Audited as `export.requested`.',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams, body: jsonBody(exportRequest.meta({ id: 'ExportRequest' })) },
    responses: { 202: json(dataExportView, 'Accepted: being built'), ...errors(400, 401, 403, 404, 429) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const body = c.req.valid('json');
    const db = await c.get('db')();
    const row = await requestExport(db, c.env.EVENTS as Queue<QueueMessage>, {
      projectId,
      scope: body.scope,
      subjectId: body.id ?? null,
      userId: c.get('agent').userId,
      info: requestInfo(c),
    });
    if (!row) throw notFound(body.scope === 'visitor' ? 'Visitor' : 'Conversation');
    return c.json({ export: exportView(c.get('config'), row) }, 202);
  },
);

privacy.openapi(
  createRoute({
    method: 'get',
    path: '/exports',
    operationId: 'listExports',
    tags,
    summary: "The project's exports not yet expired, newest first (Managers)",
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams },
    responses: { 200: json(dataExportList, 'Exports'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const rows = await db
      .select()
      .from(dataExports)
      .where(eq(dataExports.projectId, projectId))
      .orderBy(desc(dataExports.createdAt))
      .limit(50);
    return c.json({ exports: rows.map((r) => exportView(c.get('config'), r)) }, 200);
  },
);

privacy.openapi(
  createRoute({
    method: 'get',
    path: '/exports/{exportId}',
    operationId: 'getExport',
    tags,
    summary: 'One export: its status, and a fresh download link once ready (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams.extend({ exportId: uuidParam('exportId') }) },
    responses: { 200: json(dataExportView, 'The export'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const { exportId } = c.req.valid('param');
    const db = await c.get('db')();
    const [row] = await db
      .select()
      .from(dataExports)
      .where(and(eq(dataExports.id, exportId), eq(dataExports.projectId, projectId)))
      .limit(1);
    if (!row) throw notFound('Export');
    return c.json({ export: exportView(c.get('config'), row) }, 200);
  },
  notFoundOnBadId('Export'),
);
