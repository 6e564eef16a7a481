// Visitors as the dashboard's visitor panel sees them: GET /api/projects/:projectId/visitors/:id
// (any member: identity, the page they are on, browser, language, earlier conversations), and
// POST /api/widget/context (the visitor's widget reporting the page it runs on as they navigate).
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { visitors } from '../../drizzle/schema/conversations.ts';
import { visitorContexts } from '../../drizzle/schema/visitor-context.ts';
import type { AppEnv } from '../app-env.ts';
import { listConversations } from '../conversations/queries.ts';
import { notFound } from '../errors.ts';
import { jsonBody } from '../lib/validate.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { CONTEXT_LIMITS, recordVisitorContext } from '../visitors/context.ts';
import { requireVisitor } from '../visitors/middleware.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const httpUrl = z
  .string()
  .max(CONTEXT_LIMITS.url)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), 'must be an http(s) URL');

const contextBody = z
  .object({
    url: httpUrl.optional(),
    title: z.string().max(CONTEXT_LIMITS.title).optional(),
    referrer: z.union([httpUrl, z.literal('')]).optional(),
    locale: z.string().max(CONTEXT_LIMITS.locale).optional(),
    timezone: z.string().max(CONTEXT_LIMITS.timezone).optional(),
  })
  .strict();

/** Earlier conversations shown in the panel: the newest ones are what an agent looks for. */
const HISTORY_LIMIT = 20;

export const visitorRoutes = new Hono<AppEnv>()
  .post('/api/widget/context', requireVisitor(), async (c) => {
    const input = await jsonBody(c, contextBody);
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
    return c.json({ ok: true as const });
  })
  .get('/api/projects/:projectId/visitors/:visitorId', requireAgent(), requireMember(), async (c) => {
    const { projectId } = c.get('membership');
    const visitorId = c.req.param('visitorId');
    if (!UUID.test(visitorId)) throw notFound('Visitor');
    const db = await c.get('db')();
    const [row] = await db
      .select({ v: visitors, ctx: visitorContexts })
      .from(visitors)
      .leftJoin(visitorContexts, eq(visitorContexts.visitorId, visitors.id))
      .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId)))
      .limit(1);
    if (!row) throw notFound('Visitor');
    const history = await listConversations(db, projectId, { visitorId }, null, HISTORY_LIMIT);
    const { v, ctx } = row;
    return c.json({
      visitor: {
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
      },
      conversations: history.conversations,
    });
  });
