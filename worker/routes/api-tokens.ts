// /api/projects/:projectId/tokens: personal API tokens (Managers). The token is returned once at
// creation; only its hash and first characters are kept.
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { apiTokenCreated, apiTokenList } from '../../contract/rest/api-tokens.ts';
import { memberRole } from '../../contract/rest/common.ts';
import { apiTokens } from '../../drizzle/schema/auth.ts';
import { API_TOKEN_MAX_DAYS, apiTokenExpiry, assertMayCreateApiTokens, issueApiToken } from '../auth/api-tokens.ts';
import { Name } from '../auth/schemas.ts';
import { notFound } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, Ok, ProjectParams, uuidParam } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { requireRecentAuth } from '../middleware/recent-auth.ts';
import { auditProject } from '../tenancy/audit.ts';

export const tokenRoutes = createRouter();
const tags = ['api tokens'];
const asManager = [requireAgent(), requireMember('manager')];

const view = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  userId: t.userId,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});

tokenRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listApiTokens',
    tags,
    summary: "The project's live API tokens (Managers)",
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams },
    responses: { 200: json(apiTokenList, 'Tokens'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const db = await c.get('db')();
    const rows = await db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.projectId, c.get('membership').projectId), isNull(apiTokens.revokedAt)))
      .orderBy(desc(apiTokens.createdAt));
    return c.json({ tokens: rows.map(view) }, 200);
  },
);

const CreateBody = z
  .object({
    name: Name,
    role: memberRole,
    /** At most API_TOKEN_MAX_DAYS (365); 90 when not given. */
    expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS, `at most ${API_TOKEN_MAX_DAYS} days`).optional(),
  })
  .openapi('ApiTokenCreate');

tokenRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'createApiToken',
    tags,
    summary: 'Create a personal API token for this project and a role (Managers); the token is shown once',
    description:
      'Use it as `Authorization: Bearer plt_…` on this project’s routes. It acts as its creator, never above `role`. It lives `expiresInDays` (at most 365, default 90). An API token cannot create tokens (403 `api_token_cannot_create_tokens`); a session needs a recent proof of the user (403 `reauthentication_required`: see /api/auth/reauthenticate).',
    security: bearerSecurity,
    middleware: [...asManager, requireRecentAuth()],
    request: { params: ProjectParams, body: jsonBody(CreateBody) },
    responses: {
      201: json(apiTokenCreated, 'Created'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const { projectId } = c.get('membership');
    const agent = c.get('agent');
    assertMayCreateApiTokens(agent);
    const db = await c.get('db')();
    const expiresAt = apiTokenExpiry(body.expiresInDays);
    const { token, row } = await issueApiToken(db, {
      projectId,
      userId: agent.userId,
      name: body.name,
      role: body.role,
      expiresAt,
    });
    await auditProject(db, {
      projectId,
      actorId: agent.userId,
      type: 'api_token.created',
      info: requestInfo(c),
      data: { name: body.name, role: body.role, prefix: row.prefix },
    });
    return c.json({ ...view(row), token }, 201);
  },
);

tokenRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/{tokenId}',
    operationId: 'revokeApiToken',
    tags,
    summary: 'Revoke an API token (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams.extend({ tokenId: uuidParam('tokenId') }) },
    responses: { 200: json(Ok, 'Revoked'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { tokenId } = c.req.valid('param');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const [row] = await db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.projectId, projectId), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw notFound('API token');
    await auditProject(db, {
      projectId,
      actorId: c.get('agent').userId,
      type: 'api_token.revoked',
      info: requestInfo(c),
      data: { name: row.name, prefix: row.prefix },
    });
    return c.json({ ok: true as const }, 200);
  },
);
