// /api/projects/:projectId/labels: the project's label definitions. Every member reads them;
// Managers create, change and delete them (and Agents too when a Manager allows it in the
// project's label settings). Each definition change is audited; a deletion takes the label off
// every conversation, with one `conversation.labels_changed` event each.
import { createRoute } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  LABELS_MAX,
  labelCreate,
  labelList,
  labelSaved,
  labelSettings,
  labelUpdate,
} from '../../contract/rest/labels.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { labels } from '../../drizzle/schema/labels.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import { removeLabelEverywhere } from '../labels/apply.ts';
import { agentsMayDefine, labelView, mayDefine, saveAgentsMayDefine } from '../labels/definitions.ts';
import {
  bearerSecurity,
  createRouter,
  errors,
  json,
  jsonBody,
  notFoundOnBadId,
  Ok,
  ProjectParams,
  uuidParam,
} from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { asMember, type Membership, requireAgent, requireMember } from '../middleware/auth.ts';
import { auditDefinition, auditProject } from '../tenancy/audit.ts';

export const labelRoutes = createRouter();
const tags = ['labels'];
const ItemParams = ProjectParams.extend({ labelId: uuidParam('labelId') });
const hook = notFoundOnBadId('Label');

const nameTaken = (name: string) => conflict(`A label named "${name}" already exists`, 'label_name_taken');

/** Refuses a caller the project does not let define labels (403 labels_restricted). */
async function requireDefiner(db: Db, membership: Membership): Promise<void> {
  if (!mayDefine(membership.role, await agentsMayDefine(db, membership.projectId))) {
    throw forbidden('Only Managers define labels in this project', 'labels_restricted');
  }
}

async function nameInUse(db: Db, projectId: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: labels.id })
    .from(labels)
    .where(
      and(
        eq(labels.projectId, projectId),
        sql`lower(${labels.name}) = lower(${name})`,
        exceptId ? sql`${labels.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

labelRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listLabels',
    tags,
    summary: "The project's labels, by name, and whether the caller may define them (any member)",
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ProjectParams },
    responses: { 200: json(labelList.meta({ id: 'LabelList' }), 'Labels'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const membership = c.get('membership');
    const db = await c.get('db')();
    const [rows, allowed] = await Promise.all([
      db
        .select()
        .from(labels)
        .where(eq(labels.projectId, membership.projectId))
        .orderBy(asc(sql`lower(${labels.name})`))
        .limit(LABELS_MAX),
      agentsMayDefine(db, membership.projectId),
    ]);
    return c.json(
      { labels: rows.map(labelView), agentsMayDefine: allowed, canDefine: mayDefine(membership.role, allowed) },
      200,
    );
  },
);

// Before /{labelId}: "settings" is not a label id.
labelRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/settings',
    operationId: 'updateLabelSettings',
    tags,
    summary: 'Let Agents define labels too, or only Managers (the default) (Managers)',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember('manager')],
    request: { params: ProjectParams, body: jsonBody(labelSettings.meta({ id: 'LabelSettings' })) },
    responses: { 200: json(labelSettings, 'The setting now in effect'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { agentsMayDefine: next } = c.req.valid('json');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const before = await agentsMayDefine(db, projectId);
    if (before !== next) {
      await saveAgentsMayDefine(db, projectId, next);
      await auditProject(db, {
        projectId,
        actorId: c.get('agent').userId,
        type: 'project.settings_changed',
        info: requestInfo(c),
        data: { fields: 'labelsAgentsMayDefine', labelsAgentsMayDefine: `${before} → ${next}` },
      });
    }
    return c.json({ agentsMayDefine: next }, 200);
  },
);

labelRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'createLabel',
    tags,
    summary: 'Define a label (Managers, or Agents when the project allows it)',
    description: '409 `label_name_taken`: another label has that name, whatever its case; 403 `labels_restricted`.',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ProjectParams, body: jsonBody(labelCreate.meta({ id: 'LabelCreate' })) },
    responses: { 201: json(labelSaved, 'Created'), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const membership = c.get('membership');
    const { projectId } = membership;
    const db = await c.get('db')();
    await requireDefiner(db, membership);
    if ((await db.$count(labels, eq(labels.projectId, projectId))) >= LABELS_MAX) {
      throw conflict(`A project keeps at most ${LABELS_MAX} labels`, 'too_many');
    }
    // The unique index on lower(name) settles a race between two definers.
    const [row] = await db
      .insert(labels)
      .values({ projectId, name: body.name, color: body.color, description: body.description ?? '' })
      .onConflictDoNothing()
      .returning();
    if (!row) throw nameTaken(body.name);
    await auditDefinition(db, c, 'label.created', { labelId: row.id, name: row.name, color: row.color });
    return c.json({ label: labelView(row) }, 201);
  },
);

labelRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/{labelId}',
    operationId: 'updateLabel',
    tags,
    summary: "Change a label's name, colour or description (Managers, or Agents when allowed)",
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ItemParams, body: jsonBody(labelUpdate.meta({ id: 'LabelUpdate' })) },
    responses: { 200: json(labelSaved, 'Updated'), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const patch = c.req.valid('json');
    const { labelId } = c.req.valid('param');
    const membership = c.get('membership');
    const { projectId } = membership;
    const db = await c.get('db')();
    const where = and(eq(labels.id, labelId), eq(labels.projectId, projectId));
    const [existing] = await db.select().from(labels).where(where).limit(1);
    if (!existing) throw notFound('Label');
    await requireDefiner(db, membership);
    if (patch.name && (await nameInUse(db, projectId, patch.name, labelId))) throw nameTaken(patch.name);
    let row: typeof existing | undefined;
    try {
      [row] = await db.update(labels).set(patch).where(where).returning();
    } catch (err) {
      if (patch.name && isUniqueViolation(err)) throw nameTaken(patch.name);
      throw err;
    }
    if (!row) throw notFound('Label');
    const fields = (['name', 'color', 'description'] as const).filter((k) => existing[k] !== row[k]);
    if (fields.length > 0) {
      await auditDefinition(db, c, 'label.updated', {
        labelId,
        fields: fields.join(','),
        ...(fields.includes('name') ? { name: `${existing.name} → ${row.name}` } : {}),
        ...(fields.includes('color') ? { color: `${existing.color} → ${row.color}` } : {}),
      });
    }
    return c.json({ label: labelView(row) }, 200);
  },
  hook,
);

labelRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/{labelId}',
    operationId: 'deleteLabel',
    tags,
    summary: 'Delete a label; it comes off every conversation (Managers, or Agents when allowed)',
    description: 'Each conversation that carried it gets a `conversation.labels_changed` event.',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ItemParams },
    responses: { 200: json(Ok, 'Deleted'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { labelId } = c.req.valid('param');
    const membership = c.get('membership');
    const { projectId } = membership;
    const db = await c.get('db')();
    const where = and(eq(labels.id, labelId), eq(labels.projectId, projectId));
    const [existing] = await db.select({ id: labels.id }).from(labels).where(where).limit(1);
    if (!existing) throw notFound('Label');
    await requireDefiner(db, membership);
    const by = { kind: 'agent' as const, id: c.get('agent').userId };
    const deleted = await db.transaction(async (tx) => {
      // Lock the label first: a concurrent apply then either finished (and is undone here) or
      // finds the label gone.
      const [locked] = await tx.select({ name: labels.name }).from(labels).where(where).for('update');
      if (!locked) return null;
      const conversations = await removeLabelEverywhere(tx, projectId, labelId, by);
      await tx.delete(labels).where(where);
      await auditDefinition(tx, c, 'label.deleted', { labelId, name: locked.name, conversations });
      return conversations;
    });
    if (deleted === null) throw notFound('Label');
    if (deleted > 0) nudgeRelayFrom(c);
    return c.json({ ok: true as const }, 200);
  },
  hook,
);

/** Postgres unique_violation (23505), whether the driver error is thrown bare or wrapped by drizzle. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    if ('code' in e && (e as { code: unknown }).code === '23505') return true;
    e = 'cause' in e ? (e as { cause: unknown }).cause : undefined;
  }
  return false;
}
