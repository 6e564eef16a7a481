// /api/projects/:projectId/canned-responses: the project's saved replies. Every member reads them
// (the composer offers them as /shortcut); Managers create, edit and delete them.
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, ne } from 'drizzle-orm';
import { cannedResponseList, cannedResponseSaved } from '../../contract/rest/canned-responses.ts';
import { text } from '../../contract/text.ts';
import type { Db } from '../../core/platform/db.ts';
import { cannedResponses } from '../../drizzle/schema/canned-responses.ts';
import { conflict, notFound } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, Ok, ProjectParams, uuidParam } from '../lib/openapi.ts';
import { asMember, requireAgent, requireMember } from '../middleware/auth.ts';

export const cannedResponseRoutes = createRouter();
const tags = ['canned responses'];
const asManager = [requireAgent(), requireMember('manager')];

/** How many a project may keep: enough for any team, bounded so the composer's list stays small. */
export const CANNED_RESPONSES_MAX = 500;

const Shortcut = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,31}$/,
    'must be 1–32 lowercase letters, digits, - or _, starting with a letter or digit',
  );
const Title = text().trim().min(1).max(100);
const Body = text().trim().min(1).max(4000);

const CreateBody = z.object({ shortcut: Shortcut, title: Title, body: Body }).strict().openapi('CannedResponseCreate');
const UpdateBody = z
  .object({ shortcut: Shortcut.optional(), title: Title.optional(), body: Body.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
  .openapi('CannedResponseUpdate');

const ItemParams = ProjectParams.extend({ cannedResponseId: uuidParam('cannedResponseId') });

type Row = typeof cannedResponses.$inferSelect;
const view = (r: Row) => ({
  id: r.id,
  shortcut: r.shortcut,
  title: r.title,
  body: r.body,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const shortcutTaken = (shortcut: string) => conflict(`/${shortcut} is already a canned response`, 'shortcut_taken');

async function shortcutInUse(db: Db, projectId: string, shortcut: string, exceptId?: string): Promise<boolean> {
  const conditions = [eq(cannedResponses.projectId, projectId), eq(cannedResponses.shortcut, shortcut)];
  if (exceptId) conditions.push(ne(cannedResponses.id, exceptId));
  const rows = await db
    .select({ id: cannedResponses.id })
    .from(cannedResponses)
    .where(and(...conditions))
    .limit(1);
  return rows.length > 0;
}

cannedResponseRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listCannedResponses',
    tags,
    summary: "The project's canned responses, by shortcut (any member)",
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ProjectParams },
    responses: {
      200: json(cannedResponseList, 'Canned responses'),
      ...errors(401, 403, 404),
    },
  }),
  async (c) => {
    const db = await c.get('db')();
    const rows = await db
      .select()
      .from(cannedResponses)
      .where(eq(cannedResponses.projectId, c.get('membership').projectId))
      .orderBy(asc(cannedResponses.shortcut))
      .limit(CANNED_RESPONSES_MAX);
    return c.json({ cannedResponses: rows.map(view) }, 200);
  },
);

cannedResponseRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'createCannedResponse',
    tags,
    summary: 'Add a canned response (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams, body: jsonBody(CreateBody) },
    responses: {
      201: json(cannedResponseSaved, 'Created'),
      ...errors(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const count = await db.$count(cannedResponses, eq(cannedResponses.projectId, projectId));
    if (count >= CANNED_RESPONSES_MAX) {
      throw conflict(`A project keeps at most ${CANNED_RESPONSES_MAX} canned responses`, 'too_many');
    }
    // The unique index settles a race between two Managers; the conflict-free insert reports it.
    const [row] = await db
      .insert(cannedResponses)
      .values({ projectId, ...body, createdBy: c.get('agent').userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw shortcutTaken(body.shortcut);
    return c.json({ cannedResponse: view(row) }, 201);
  },
);

cannedResponseRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/{cannedResponseId}',
    operationId: 'updateCannedResponse',
    tags,
    summary: 'Change a canned response (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ItemParams, body: jsonBody(UpdateBody) },
    responses: {
      200: json(cannedResponseSaved, 'Updated'),
      ...errors(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const patch = c.req.valid('json');
    const { cannedResponseId } = c.req.valid('param');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const where = and(eq(cannedResponses.id, cannedResponseId), eq(cannedResponses.projectId, projectId));
    const [existing] = await db.select({ id: cannedResponses.id }).from(cannedResponses).where(where).limit(1);
    if (!existing) throw notFound('Canned response');
    if (patch.shortcut && (await shortcutInUse(db, projectId, patch.shortcut, cannedResponseId))) {
      throw shortcutTaken(patch.shortcut);
    }
    try {
      const [row] = await db.update(cannedResponses).set(patch).where(where).returning();
      if (!row) throw notFound('Canned response');
      return c.json({ cannedResponse: view(row) }, 200);
    } catch (err) {
      // Lost a race for the same shortcut after the check above.
      if (patch.shortcut && isUniqueViolation(err)) throw shortcutTaken(patch.shortcut);
      throw err;
    }
  },
);

cannedResponseRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/{cannedResponseId}',
    operationId: 'deleteCannedResponse',
    tags,
    summary: 'Delete a canned response (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ItemParams },
    responses: { 200: json(Ok, 'Deleted'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { cannedResponseId } = c.req.valid('param');
    const db = await c.get('db')();
    const [row] = await db
      .delete(cannedResponses)
      .where(
        and(eq(cannedResponses.id, cannedResponseId), eq(cannedResponses.projectId, c.get('membership').projectId)),
      )
      .returning({ id: cannedResponses.id });
    if (!row) throw notFound('Canned response');
    return c.json({ ok: true as const }, 200);
  },
);

/** Postgres unique_violation (23505), whether the driver error is thrown bare or wrapped by drizzle. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    if ('code' in e && (e as { code: unknown }).code === '23505') return true;
    e = 'cause' in e ? (e as { cause: unknown }).cause : undefined;
  }
  return false;
}
