// /api/projects/:projectId/settings and the identity-verification secret (Managers only).
// The secret is generated here, returned once, and stored AES-GCM encrypted; no route shows it again.
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { identitySecret, namedWidgetSettings, projectSettings } from '../../contract/rest/settings.ts';
import { encryptSecret } from '../../core/platform/secrets.ts';
import { randomToken } from '../../core/platform/tokens.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import { isMfaEnabled } from '../auth/accounts.ts';
import { closeSocketsLacking2fa } from '../auth/close-sockets.ts';
import { identitySecretContext } from '../auth/secret-contexts.ts';
import { conflict, notFound } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, Ok, ProjectParams } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { auditProject } from '../tenancy/audit.ts';
import { changeData } from '../tenancy/audit-diff.ts';

export const settings = createRouter();
const tags = ['settings'];
const asManager = [requireAgent(), requireMember('manager')];

/** `scheme://host[:port]`, nothing else: the widget compares it with the embedding page's origin. */
const Origin = z
  .string()
  .max(255)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.toLowerCase().replace(/\/$/, '')
      );
    } catch {
      return false;
    }
  }, 'must be an origin like https://example.com')
  .transform((value) => new URL(value).origin);

const SettingsPatch = z
  .object({
    allowedDomains: z.array(Origin).max(50).optional(),
    widgetSettings: namedWidgetSettings.optional(),
    requireVerifiedIdentity: z.boolean().optional(),
    require2fa: z.boolean().optional(),
    agentsDefineAttributes: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
  .openapi('ProjectSettingsPatch');

const settingsView = (p: typeof projects.$inferSelect) => ({
  allowedDomains: p.allowedDomains,
  widgetSettings: p.widgetSettings,
  requireVerifiedIdentity: p.requireVerifiedIdentity,
  require2fa: p.require2fa,
  agentsDefineAttributes: p.agentsDefineAttributes,
  identitySecretConfigured: p.identitySecret !== null,
});

settings.openapi(
  createRoute({
    method: 'get',
    path: '/settings',
    operationId: 'getProjectSettings',
    tags,
    summary: 'Project settings (Managers); the identity secret only as configured or not',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams },
    responses: { 200: json(projectSettings, 'Settings'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const db = await c.get('db')();
    const [project] = await db
      .select()
      .from(projects)
      .where(eq(projects.id, c.get('membership').projectId))
      .limit(1);
    if (!project) throw notFound('Project');
    return c.json(settingsView(project), 200);
  },
);

settings.openapi(
  createRoute({
    method: 'patch',
    path: '/settings',
    operationId: 'updateProjectSettings',
    tags,
    summary:
      'Change settings (Managers): allowed domains, widget settings, require verified identity, require 2FA, who defines attributes',
    description: 'Turning on `require2fa` needs 2FA on the caller’s own account first (409 `enable_2fa_first`).',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams, body: jsonBody(SettingsPatch) },
    responses: { 200: json(projectSettings, 'Settings'), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const patch = c.req.valid('json');
    const { projectId } = c.get('membership');
    const agent = c.get('agent');
    const db = await c.get('db')();
    // Otherwise a Manager would lock themselves out of the project they just changed.
    if (patch.require2fa && !(await isMfaEnabled(db, agent.userId))) {
      throw conflict('Enable two-factor authentication on your account first', 'enable_2fa_first');
    }
    const [before] = await db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
    const [project] = await db.update(projects).set(patch).where(eq(projects.id, projectId)).returning();
    if (!project || !before) throw notFound('Project');
    if (patch.require2fa) await closeSocketsLacking2fa(c.env, db, projectId);
    await auditProject(db, {
      projectId,
      actorId: agent.userId,
      type: 'project.settings_changed',
      info: requestInfo(c),
      data: changeData(before, project, Object.keys(patch)),
    });
    return c.json(settingsView(project), 200);
  },
);

settings.openapi(
  createRoute({
    method: 'post',
    path: '/identity-secret',
    operationId: 'rotateIdentitySecret',
    tags,
    summary: 'Generate or rotate the identity-verification secret (Managers); returned only in this response',
    description:
      'The host site signs a visitor id with HMAC-SHA256 and this secret, server-side. Rotating replaces the secret at once.',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams },
    responses: {
      201: json(identitySecret, 'The new secret, shown once'),
      ...errors(401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const config = c.get('config');
    const db = await c.get('db')();
    const secret = randomToken('ids_');
    const stored = await encryptSecret(config.ENCRYPTION_KEYS, secret, identitySecretContext(projectId));
    await db.update(projects).set({ identitySecret: stored }).where(eq(projects.id, projectId));
    await auditProject(db, {
      projectId,
      actorId: c.get('agent').userId,
      type: 'project.identity_secret_rotated',
      info: requestInfo(c),
    });
    return c.json({ secret }, 201);
  },
);

settings.openapi(
  createRoute({
    method: 'delete',
    path: '/identity-secret',
    operationId: 'deleteIdentitySecret',
    tags,
    summary: 'Delete the identity-verification secret (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams },
    responses: { 200: json(Ok, 'Deleted'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    await db.update(projects).set({ identitySecret: null }).where(eq(projects.id, projectId));
    await auditProject(db, {
      projectId,
      actorId: c.get('agent').userId,
      type: 'project.identity_secret_deleted',
      info: requestInfo(c),
    });
    return c.json({ ok: true as const }, 200);
  },
);
