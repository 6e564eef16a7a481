// /api/projects: create a project (its creator is its Manager), list mine, read one, rename it.
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { projectList, project as projectSchema } from '../../contract/rest/projects.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import { createProject, isMfaEnabled, projectView } from '../auth/accounts.ts';
import { Name } from '../auth/schemas.ts';
import { notFound } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, ProjectParams } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { auditProject } from '../tenancy/audit.ts';
import { changeData } from '../tenancy/audit-diff.ts';
import { listMyProjects } from './me.ts';

export const projectRoutes = createRouter();
const tags = ['projects'];

projectRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'createProject',
    tags,
    summary: 'Create a project; the caller becomes its Manager',
    security: bearerSecurity,
    middleware: [requireAgent()],
    request: { body: jsonBody(z.object({ name: Name }).openapi('ProjectCreate')) },
    responses: { 201: json(projectSchema, 'Created'), ...errors(400, 401) },
  }),
  async (c) => {
    const { name } = c.req.valid('json');
    const agent = c.get('agent');
    const db = await c.get('db')();
    const project = await db.transaction((tx) =>
      createProject(tx, { name, ownerId: agent.userId, info: requestInfo(c) }),
    );
    nudgeRelayFrom(c);
    return c.json(projectView(project, 'manager', await isMfaEnabled(db, agent.userId)), 201);
  },
);

projectRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listProjects',
    tags,
    summary: "The caller's projects and role in each",
    security: bearerSecurity,
    middleware: [requireAgent()],
    responses: { 200: json(projectList, 'Projects'), ...errors(401) },
  }),
  async (c) => c.json({ projects: await listMyProjects(await c.get('db')(), c.get('agent').userId) }, 200),
);

projectRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/{projectId}',
    operationId: 'getProject',
    tags,
    summary: 'One project (any member)',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: { params: ProjectParams },
    responses: { 200: json(projectSchema, 'The project'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId, role } = c.get('membership');
    const db = await c.get('db')();
    const [project] = await db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
    if (!project) throw notFound('Project');
    return c.json(projectView(project, role, await isMfaEnabled(db, c.get('agent').userId)), 200);
  },
);

projectRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/{projectId}',
    operationId: 'updateProject',
    tags,
    summary: 'Rename a project (Managers)',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember('manager')],
    request: { params: ProjectParams, body: jsonBody(z.object({ name: Name }).openapi('ProjectUpdate')) },
    responses: { 200: json(projectSchema, 'The project'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { name } = c.req.valid('json');
    const { projectId, role } = c.get('membership');
    const db = await c.get('db')();
    const [before] = await db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
    const [project] = await db.update(projects).set({ name }).where(eq(projects.id, projectId)).returning();
    if (!project || !before) throw notFound('Project');
    await auditProject(db, {
      projectId,
      actorId: c.get('agent').userId,
      type: 'project.settings_changed',
      info: requestInfo(c),
      data: changeData(before, project, ['name']),
    });
    return c.json(projectView(project, role, await isMfaEnabled(db, c.get('agent').userId)), 200);
  },
);
