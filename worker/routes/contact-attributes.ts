// /api/projects/:projectId/contact-attributes: the custom attributes a project defines for its
// contacts (text, number, date, boolean, list). Every member reads them; Managers define, change and
// delete them, and Agents too when the project's `agentsDefineAttributes` setting allows it.
import { createRoute } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import {
  ATTRIBUTE_LIMITS,
  attributeDefinitionCreate,
  attributeDefinitionList,
  attributeDefinitionSaved,
  attributeDefinitionUpdate,
} from '../../contract/rest/contacts.ts';
import type { Db } from '../../core/platform/db.ts';
import { contactAttributeDefinitions, contacts } from '../../drizzle/schema/contacts.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import type { AppEnv } from '../app-env.ts';
import { badRequest, conflict, forbidden, notFound } from '../errors.ts';
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
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { auditDefinition } from '../tenancy/audit.ts';

export const contactAttributeRoutes = createRouter();
const tags = ['contacts'];
const ItemParams = ProjectParams.extend({ attributeId: uuidParam('attributeId') });

async function agentsMayDefine(db: Db, projectId: string): Promise<boolean> {
  const [row] = await db
    .select({ allowed: projects.agentsDefineAttributes })
    .from(projects)
    .where(eq(projects.id, projectId))
    .limit(1);
  return row?.allowed ?? false;
}

/** After requireMember: Managers, or Agents when the project lets them (403 `manager_only` otherwise). */
const requireDefiner = () =>
  createMiddleware<AppEnv>(async function requireDefiner(c, next) {
    const { projectId, role } = c.get('membership');
    if (role !== 'manager' && !(await agentsMayDefine(await c.get('db')(), projectId))) {
      throw forbidden('Only Managers define attributes in this project', 'manager_only');
    }
    await next();
  });
const asDefiner = [requireAgent(), requireMember(), requireDefiner()];
const DEFINER_NOTE =
  'Agents may too when the project setting `agentsDefineAttributes` is on (403 `manager_only` otherwise).';

type Row = typeof contactAttributeDefinitions.$inferSelect;
const view = (r: Row) => ({
  id: r.id,
  key: r.key,
  label: r.label,
  type: r.type,
  options: r.options,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

contactAttributeRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listContactAttributes',
    tags,
    summary: "The project's contact attribute definitions, by label (any member)",
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: { params: ProjectParams },
    responses: {
      200: json(attributeDefinitionList.meta({ id: 'AttributeDefinitionList' }), 'Definitions'),
      ...errors(401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId, role } = c.get('membership');
    const db = await c.get('db')();
    const rows = await db
      .select()
      .from(contactAttributeDefinitions)
      .where(eq(contactAttributeDefinitions.projectId, projectId))
      .orderBy(asc(contactAttributeDefinitions.label))
      .limit(ATTRIBUTE_LIMITS.definitions);
    const canDefine = role === 'manager' || (await agentsMayDefine(db, projectId));
    return c.json({ attributes: rows.map(view), canDefine }, 200);
  },
);

contactAttributeRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'createContactAttribute',
    tags,
    summary: 'Define a contact attribute (Managers)',
    description: `409 \`key_taken\` when the key is defined already. ${DEFINER_NOTE}`,
    security: bearerSecurity,
    middleware: asDefiner,
    request: {
      params: ProjectParams,
      body: jsonBody(attributeDefinitionCreate.meta({ id: 'AttributeDefinitionCreate' })),
    },
    responses: { 201: json(attributeDefinitionSaved, 'Created'), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const count = await db.$count(contactAttributeDefinitions, eq(contactAttributeDefinitions.projectId, projectId));
    if (count >= ATTRIBUTE_LIMITS.definitions) {
      throw conflict(`A project defines at most ${ATTRIBUTE_LIMITS.definitions} attributes`, 'too_many');
    }
    const [row] = await db
      .insert(contactAttributeDefinitions)
      .values({ projectId, key: body.key, label: body.label, type: body.type, options: body.options ?? [] })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict(`An attribute "${body.key}" is defined already`, 'key_taken');
    await auditDefinition(db, c, 'contact_attribute.created', { attributeId: row.id, key: row.key, type: row.type });
    return c.json({ attribute: view(row) }, 201);
  },
);

contactAttributeRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/{attributeId}',
    operationId: 'updateContactAttribute',
    tags,
    summary: "Change a contact attribute's label or a list's options (Managers)",
    description: `The key and type stay. ${DEFINER_NOTE}`,
    security: bearerSecurity,
    middleware: asDefiner,
    request: {
      params: ItemParams,
      body: jsonBody(attributeDefinitionUpdate.meta({ id: 'AttributeDefinitionUpdate' })),
    },
    responses: { 200: json(attributeDefinitionSaved, 'Updated'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { attributeId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const where = and(
      eq(contactAttributeDefinitions.id, attributeId),
      eq(contactAttributeDefinitions.projectId, projectId),
    );
    const [existing] = await db.select().from(contactAttributeDefinitions).where(where).limit(1);
    if (!existing) throw notFound('Attribute');
    if (patch.options && existing.type !== 'list') throw badRequest('Only a list attribute has options');
    if (patch.options?.length === 0) throw badRequest('A list attribute needs options');
    const [row] = await db.update(contactAttributeDefinitions).set(patch).where(where).returning();
    if (!row) throw notFound('Attribute');
    await auditDefinition(db, c, 'contact_attribute.updated', { attributeId: row.id, key: row.key });
    return c.json({ attribute: view(row) }, 200);
  },
  notFoundOnBadId('Attribute'),
);

contactAttributeRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/{attributeId}',
    operationId: 'deleteContactAttribute',
    tags,
    summary: 'Delete a contact attribute and every value of it (Managers)',
    description: DEFINER_NOTE,
    security: bearerSecurity,
    middleware: asDefiner,
    request: { params: ItemParams },
    responses: { 200: json(Ok, 'Deleted'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { attributeId } = c.req.valid('param');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const deleted = await db.transaction(async (tx) => {
      const [row] = await tx
        .delete(contactAttributeDefinitions)
        .where(
          and(eq(contactAttributeDefinitions.id, attributeId), eq(contactAttributeDefinitions.projectId, projectId)),
        )
        .returning();
      if (!row) return null;
      // Values of an attribute that no longer exists would be unreadable and unsettable.
      await tx
        .update(contacts)
        .set({ attributes: sql`${contacts.attributes} - ${row.key}::text` })
        .where(and(eq(contacts.projectId, projectId), sql`${contacts.attributes} ? ${row.key}`));
      await auditDefinition(tx, c, 'contact_attribute.deleted', { attributeId: row.id, key: row.key });
      return row;
    });
    if (!deleted) throw notFound('Attribute');
    return c.json({ ok: true as const }, 200);
  },
  notFoundOnBadId('Attribute'),
);
