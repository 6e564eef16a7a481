// POST /api/widget/visitor: a visitor states their own name and email — the widget's pre-chat form,
// or Parley.identify({name, email}) without a host signature. These are unverified claims: a
// visitor whose identity the host proved (HMAC) keeps it, and such a request is refused (409).
// Mounted after worker/routes/widget.ts, whose CORS covers every /api/widget/* route.
import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { attributesRequest, attributesResponse } from '../../contract/rest/contacts.ts';
import { visitorClaimsRequest, visitorResponse } from '../../contract/rest/widget.ts';
import { visitors } from '../../drizzle/schema/conversations.ts';
import { ensureContact, linkContact } from '../contacts/link.ts';
import { checkedValues, writeValues } from '../contacts/values.ts';
import { visitorChanged } from '../conversations/visitor-changed.ts';
import { ApiError } from '../errors.ts';
import { createRouter, ErrorSchema, errors, json, jsonBody, visitorSecurity } from '../lib/openapi.ts';
import { anyTypeAsJson, requireVisitor } from '../visitors/middleware.ts';

export const widgetVisitor = createRouter();

widgetVisitor.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'updateWidgetVisitor',
    tags: ['widget'],
    summary: "The visitor's own name and email (unverified claims, e.g. the pre-chat form)",
    security: visitorSecurity,
    middleware: [requireVisitor(), anyTypeAsJson()],
    request: { body: jsonBody(visitorClaimsRequest.meta({ id: 'VisitorClaims' })) },
    responses: {
      200: json(visitorResponse, 'The visitor'),
      ...errors(400, 401, 403),
      409: json(ErrorSchema, 'The host site verified this visitor’s identity (`identity_verified`)'),
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    // Host pages may identify on every page view: only a change is pushed to the dashboards.
    const [before] = await db
      .select({ name: visitors.name, email: visitors.email })
      .from(visitors)
      .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId)))
      .limit(1);
    const [row] = await db
      .update(visitors)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        lastSeenAt: new Date(),
      })
      .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId), eq(visitors.verified, false)))
      .returning();
    if (!row) {
      const [existing] = await db
        .select({ id: visitors.id })
        .from(visitors)
        .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId)))
        .limit(1);
      if (!existing) throw new ApiError(401, 'invalid_token', 'Visitor no longer exists');
      throw new ApiError(409, 'identity_verified', 'This visitor has a verified identity from the site');
    }
    // An email left here makes the visitor an (unverified) contact of their own, never someone else's.
    await linkContact(db, row);
    if (before?.name !== row.name || before?.email !== row.email) {
      await visitorChanged(db, c.env, { projectId, visitorId }, (p) => c.executionCtx.waitUntil(p));
    }
    return c.json({ visitor: { id: row.id, name: row.name, email: row.email, verified: row.verified } }, 200);
  },
);

widgetVisitor.openapi(
  createRoute({
    method: 'post',
    path: '/attributes',
    operationId: 'setWidgetVisitorAttributes',
    tags: ['widget'],
    summary: "Attribute values from the host page (`Parley('update', { attributes })`), on the visitor's contact",
    description:
      'Checked against the project’s definitions: 400 `unknown_attribute` for a key the project does not define, ' +
      '400 `invalid_attribute` for a value of the wrong type (the widget logs both with console.error); `null` ' +
      'removes a value. The visitor gets a contact now if they had none.',
    security: visitorSecurity,
    middleware: [requireVisitor(), anyTypeAsJson()],
    request: { body: jsonBody(attributesRequest) },
    responses: { 200: json(attributesResponse, 'The values now'), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const { attributes } = c.req.valid('json');
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    const change = await checkedValues(db, projectId, attributes);
    const contactId = await ensureContact(db, projectId, visitorId);
    if (!contactId) throw new ApiError(401, 'invalid_token', 'Visitor no longer exists');
    const row = await writeValues(db, projectId, contactId, change);
    if (!row) throw new ApiError(401, 'invalid_token', 'Visitor no longer exists');
    return c.json({ contactId: row.id, attributes: row.attributes }, 200);
  },
);
