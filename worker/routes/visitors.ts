// Visitors as the dashboard's visitor panel sees them, mounted at /api/projects/:projectId/visitors:
// identity, the page they are on, browser, language and earlier conversations (any member); and
// blocking one (Managers: worker/visitors/block.ts).
import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { attributesRequest, attributesResponse } from '../../contract/rest/contacts.ts';
import { type VisitorProfile, visitorPanel } from '../../contract/rest/visitors.ts';
import { contacts } from '../../drizzle/schema/contacts.ts';
import { visitors } from '../../drizzle/schema/conversations.ts';
import { visitorContexts } from '../../drizzle/schema/visitor-context.ts';
import { ensureContact } from '../contacts/link.ts';
import { checkedValues, contactView, writeValues } from '../contacts/values.ts';
import { listConversations } from '../conversations/queries.ts';
import { notFound } from '../errors.ts';
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
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { blockVisitor } from '../visitors/block.ts';

/** Earlier conversations shown in the panel: the newest ones are what an agent looks for. */
const HISTORY_LIMIT = 20;

type VisitorRow = typeof visitors.$inferSelect;
type ContextRow = typeof visitorContexts.$inferSelect;

/** The panel's view of a visitor: an external id only once verified, context fields as last reported. */
function toVisitorProfile(v: VisitorRow, ctx: ContextRow | null): VisitorProfile {
  return {
    id: v.id,
    name: v.name,
    email: v.email,
    verified: v.verified,
    externalId: v.verified ? v.externalId : null,
    currentUrl: ctx?.pageUrl ?? null,
    pageTitle: ctx?.pageTitle ?? null,
    referrer: ctx?.referrer ?? null,
    userAgent: ctx?.userAgent ?? null,
    locale: ctx?.locale ?? null,
    timezone: ctx?.timezone ?? null,
    lastSeenAt: v.lastSeenAt.toISOString(),
    createdAt: v.createdAt.toISOString(),
  };
}

export const visitorRoutes = createRouter();

visitorRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/{visitorId}',
    operationId: 'getVisitor',
    tags: ['visitors'],
    summary: 'A visitor of the project with their context and earlier conversations (any member)',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: { params: ProjectParams.extend({ visitorId: uuidParam('visitorId') }) },
    responses: { 200: json(visitorPanel.meta({ id: 'VisitorPanel' }), 'The visitor panel'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const { visitorId } = c.req.valid('param');
    const db = await c.get('db')();
    const [row] = await db
      .select({ v: visitors, ctx: visitorContexts, contact: contacts })
      .from(visitors)
      .leftJoin(visitorContexts, eq(visitorContexts.visitorId, visitors.id))
      .leftJoin(contacts, and(eq(contacts.id, visitors.contactId), eq(contacts.projectId, visitors.projectId)))
      .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId)))
      .limit(1);
    if (!row) throw notFound('Visitor');
    const history = await listConversations(db, projectId, { visitorId }, null, HISTORY_LIMIT);
    return c.json(
      {
        visitor: toVisitorProfile(row.v, row.ctx),
        conversations: history.conversations,
        contact: row.contact ? contactView(row.contact) : null,
      },
      200,
    );
  },
  notFoundOnBadId('Visitor'),
);

visitorRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/{visitorId}/block',
    operationId: 'blockVisitor',
    tags: ['visitors'],
    summary: 'Block a visitor (Managers): their token is refused and their open sockets close at once',
    description:
      'Their widget routes and socket upgrades answer 403 `visitor_blocked`, a new widget session with their token ' +
      'or proven identity too; open sockets close with 4401. Audited as `visitor.blocked`. Blocking twice is harmless.',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember('manager')],
    request: { params: ProjectParams.extend({ visitorId: uuidParam('visitorId') }) },
    responses: { 200: json(Ok, 'Blocked'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const { visitorId } = c.req.valid('param');
    const db = await c.get('db')();
    const input = { projectId, visitorId, actorId: c.get('agent').userId, info: requestInfo(c) };
    if (!(await blockVisitor(db, c.env, input))) throw notFound('Visitor');
    return c.json({ ok: true as const }, 200);
  },
  notFoundOnBadId('Visitor'),
);

visitorRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/{visitorId}/attributes',
    operationId: 'setVisitorAttributes',
    tags: ['visitors'],
    summary: "Set attribute values of the visitor's contact, made now if they have none (any member)",
    description:
      'The visitor panel’s editor. Values are checked against the project’s definitions: 400 `unknown_attribute`, ' +
      '400 `invalid_attribute`; `null` removes a value.',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: {
      params: ProjectParams.extend({ visitorId: uuidParam('visitorId') }),
      body: jsonBody(attributesRequest),
    },
    responses: { 200: json(attributesResponse, 'The values now'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const { visitorId } = c.req.valid('param');
    const { attributes } = c.req.valid('json');
    const db = await c.get('db')();
    // Checked before a contact is made for them: a refused write leaves nothing behind.
    const change = await checkedValues(db, projectId, attributes);
    const contactId = await ensureContact(db, projectId, visitorId);
    if (!contactId) throw notFound('Visitor');
    const row = await writeValues(db, projectId, contactId, change);
    if (!row) throw notFound('Visitor');
    return c.json({ contactId: row.id, attributes: row.attributes }, 200);
  },
  notFoundOnBadId('Visitor'),
);
