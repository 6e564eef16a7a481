// /api/projects/:projectId/webhooks: Managers' webhook endpoints (register, list, update, delete,
// rotate secret) and their delivery log. Failed events and their replay are in routes/failed-events.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import { eventType } from '../../contract/events.ts';
import {
  webhookDeliveryPage,
  webhookEndpointCreated,
  webhookEndpointList,
  webhookEndpointUpdated,
  webhookSecret,
} from '../../contract/rest/webhooks.ts';
import { text } from '../../contract/text.ts';
import { encryptSecret } from '../../core/platform/secrets.ts';
import { webhookDeliveries, webhookEndpoints } from '../../drizzle/schema/events.ts';
import type { AppEnv } from '../app-env.ts';
import { cursorTime, decodeBefore, encodeCursor, olderThan } from '../conversations/cursor.ts';
import { badRequest, notFound } from '../errors.ts';
import { eventSettings, webhookUrlPolicy } from '../events/settings.ts';
import { endpointSecretContext } from '../events/webhooks/deliver.ts';
import { presentFailure } from '../events/webhooks/failure.ts';
import { vetWebhookUrl } from '../events/webhooks/url-guard.ts';
import { bearerSecurity, createRouter, errors, jsonBody, ProjectParams, uuidParam } from '../lib/openapi.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';

const projectParams = ProjectParams;
const endpointParams = projectParams.extend({ endpointId: uuidParam('endpointId') });

type EndpointRow = typeof webhookEndpoints.$inferSelect;
const present = (e: EndpointRow) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  consecutiveFailures: e.consecutiveFailures,
  disabledReason: e.disabledReason,
  createdAt: e.createdAt.toISOString(),
});

function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `whsec_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// Strict: an unknown field is a mistake worth a 400, not something to drop silently.
const endpointFields = {
  url: text().max(2048),
  description: text().max(200).optional(),
  eventTypes: z.array(eventType).max(20).optional(),
};
const createBody = z.strictObject(endpointFields).openapi('WebhookEndpointCreate');
const updateBody = z
  .strictObject({ ...endpointFields, url: endpointFields.url.optional(), enabled: z.boolean().optional() })
  .openapi('WebhookEndpointUpdate');

export const webhooks = createRouter();
const tags = ['webhooks'];
const asManager = [requireAgent(), requireMember('manager')];
const managerRoute = { tags, security: bearerSecurity, middleware: asManager };

async function checkUrl(env: Env, url: string): Promise<string> {
  const verdict = await vetWebhookUrl(url, webhookUrlPolicy(eventSettings(env)));
  if (!verdict.ok) throw badRequest(`url: ${verdict.reason}`, 'invalid_webhook_url');
  return verdict.url.toString();
}

async function loadEndpoint(c: { get: (k: 'db') => AppEnv['Variables']['db'] }, projectId: string, endpointId: string) {
  const db = await c.get('db')();
  const row = (
    await db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.projectId, projectId)))
  )[0];
  if (!row) throw notFound('Webhook endpoint');
  return { db, row };
}

webhooks.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'createWebhookEndpoint',
    summary: 'Register a webhook endpoint; its signing secret is shown once (Managers)',
    ...managerRoute,
    request: {
      params: projectParams,
      body: jsonBody(createBody),
    },
    responses: {
      201: {
        content: { 'application/json': { schema: webhookEndpointCreated } },
        description: 'Created; the secret is shown only now',
      },
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId } = c.req.valid('param');
    const body = c.req.valid('json');
    const url = await checkUrl(c.env, body.url);
    const db = await c.get('db')();
    const id = crypto.randomUUID();
    const secret = newSecret();
    const [row] = await db
      .insert(webhookEndpoints)
      .values({
        id,
        projectId,
        url,
        description: body.description ?? '',
        eventTypes: body.eventTypes ?? [],
        secret: await encryptSecret(c.get('config').ENCRYPTION_KEYS, secret, endpointSecretContext(id)),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return c.json({ endpoint: present(row), secret }, 201);
  },
);

webhooks.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listWebhookEndpoints',
    summary: "The project's webhook endpoints (Managers)",
    ...managerRoute,
    request: { params: projectParams },
    responses: {
      200: {
        content: { 'application/json': { schema: webhookEndpointList } },
        description: 'Endpoints',
      },
      ...errors(401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId } = c.req.valid('param');
    const db = await c.get('db')();
    const rows = await db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.projectId, projectId))
      .orderBy(desc(webhookEndpoints.createdAt));
    return c.json({ endpoints: rows.map(present) }, 200);
  },
);

webhooks.openapi(
  createRoute({
    method: 'patch',
    path: '/{endpointId}',
    operationId: 'updateWebhookEndpoint',
    summary: 'Change an endpoint: URL, description, event types, enabled (Managers)',
    ...managerRoute,
    request: {
      params: endpointParams,
      body: jsonBody(updateBody),
    },
    responses: {
      200: { content: { 'application/json': { schema: webhookEndpointUpdated } }, description: 'Updated' },
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId, endpointId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { db } = await loadEndpoint(c, projectId, endpointId);
    const [row] = await db
      .update(webhookEndpoints)
      .set({
        ...(body.url !== undefined ? { url: await checkUrl(c.env, body.url) } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.eventTypes !== undefined ? { eventTypes: body.eventTypes } : {}),
        // Re-enabling gives the endpoint a fresh start.
        ...(body.enabled !== undefined ? { enabled: body.enabled, consecutiveFailures: 0, disabledReason: null } : {}),
      })
      .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.projectId, projectId)))
      .returning();
    if (!row) throw notFound('Webhook endpoint');
    return c.json({ endpoint: present(row) }, 200);
  },
);

webhooks.openapi(
  createRoute({
    method: 'delete',
    path: '/{endpointId}',
    operationId: 'deleteWebhookEndpoint',
    summary: 'Delete an endpoint and its delivery log (Managers)',
    ...managerRoute,
    request: { params: endpointParams },
    responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId, endpointId } = c.req.valid('param');
    const { db } = await loadEndpoint(c, projectId, endpointId);
    await db
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.projectId, projectId)));
    return c.body(null, 204);
  },
);

webhooks.openapi(
  createRoute({
    method: 'post',
    path: '/{endpointId}/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: "Replace an endpoint's signing secret; the new one is shown once (Managers)",
    ...managerRoute,
    request: { params: endpointParams },
    responses: {
      200: {
        content: { 'application/json': { schema: webhookSecret } },
        description: 'The new secret, shown only now',
      },
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId, endpointId } = c.req.valid('param');
    const { db } = await loadEndpoint(c, projectId, endpointId);
    const secret = newSecret();
    await db
      .update(webhookEndpoints)
      .set({ secret: await encryptSecret(c.get('config').ENCRYPTION_KEYS, secret, endpointSecretContext(endpointId)) })
      .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.projectId, projectId)));
    return c.json({ secret }, 200);
  },
);

webhooks.openapi(
  createRoute({
    method: 'get',
    path: '/{endpointId}/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: "An endpoint's delivery log, newest first (Managers)",
    ...managerRoute,
    request: {
      params: endpointParams,
      query: z.object({
        before: z.string().optional().openapi({
          description:
            'Only deliveries older than this: a `nextCursor` from the previous page, or an ISO 8601 timestamp.',
        }),
        limit: z.coerce.number().int().min(1).max(100).default(50),
      }),
    },
    responses: {
      200: {
        content: {
          'application/json': { schema: webhookDeliveryPage },
        },
        description: 'Delivery log, newest first',
      },
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId, endpointId } = c.req.valid('param');
    const query = c.req.valid('query');
    const before = decodeBefore(query.before);
    const { limit } = query;
    const { db } = await loadEndpoint(c, projectId, endpointId);
    const rows = await db
      .select({ d: webhookDeliveries, at: cursorTime(webhookDeliveries.createdAt) })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.endpointId, endpointId),
          eq(webhookDeliveries.projectId, projectId),
          before ? olderThan(webhookDeliveries.createdAt, webhookDeliveries.id, before) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit);
    const deliveries = rows.map(({ d }) => ({
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      responseCode: d.responseCode,
      lastError: presentFailure(d.lastError),
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    }));
    const last = rows.at(-1);
    return c.json(
      { deliveries, nextCursor: rows.length === limit && last ? encodeCursor(last.at, last.d.id) : null },
      200,
    );
  },
);
