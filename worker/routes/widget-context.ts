// POST /api/widget/context: the visitor's widget reporting the page it runs on as they navigate
// (what the dashboard's visitor panel shows). CORS for /api/widget/* comes from the widget routes.
import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { visitorContextReport } from '../../contract/rest/visitors.ts';
import { visitors } from '../../drizzle/schema/conversations.ts';
import { notFound } from '../errors.ts';
import { createRouter, errors, json, jsonBody, Ok, visitorSecurity } from '../lib/openapi.ts';
import { recordVisitorContext } from '../visitors/context.ts';
import { anyTypeAsJson, requireVisitor } from '../visitors/middleware.ts';

/** Mounted at /api/widget/context. */
export const widgetContext = createRouter();

widgetContext.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'reportVisitorContext',
    tags: ['widget'],
    summary: "Report the page the visitor's widget runs on (only the fields given change)",
    security: visitorSecurity,
    middleware: [requireVisitor(), anyTypeAsJson()],
    request: { body: jsonBody(visitorContextReport.meta({ id: 'VisitorContextReport' })) },
    responses: { 200: json(Ok, 'Recorded'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const { projectId, visitorId } = c.get('visitor');
    const db = await c.get('db')();
    // The visitor row may be gone (project deleted): a stale token then reaches nothing.
    const [visitor] = await db
      .select({ id: visitors.id })
      .from(visitors)
      .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId)))
      .limit(1);
    if (!visitor) throw notFound('Visitor');
    await recordVisitorContext(
      db,
      { visitorId, projectId },
      {
        userAgent: c.req.header('user-agent') ?? null,
        ...(input.url !== undefined ? { pageUrl: input.url } : {}),
        ...(input.title !== undefined ? { pageTitle: input.title } : {}),
        ...(input.referrer !== undefined ? { referrer: input.referrer } : {}),
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      },
    );
    return c.json({ ok: true as const }, 200);
  },
);
