// POST /api/widget/visitor: a visitor states their own name and email — the widget's pre-chat form,
// or Parley.identify({name, email}) without a host signature. These are unverified claims: a
// visitor whose identity the host proved (HMAC) keeps it, and such a request is refused (409).
// Mounted after worker/routes/widget.ts, whose CORS covers every /api/widget/* route.
import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { visitorClaimsRequest, visitorResponse } from '../../contract/rest/widget.ts';
import { visitors } from '../../drizzle/schema/conversations.ts';
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
    return c.json({ visitor: { id: row.id, name: row.name, email: row.email, verified: row.verified } }, 200);
  },
);
