// POST /api/widget/visitor: a visitor states their own name and email — the widget's pre-chat form,
// or Parley.identify({name, email}) without a host signature. These are unverified claims: a
// visitor whose identity the host proved (HMAC) keeps it, and such a request is refused (409).
// CORS for /api/widget/* comes from the widget routes (worker/routes/widget.ts).
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { visitors } from '../../drizzle/schema/conversations.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { jsonBody } from '../lib/validate.ts';
import { requireVisitor } from '../visitors/middleware.ts';

const claimsBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
  })
  .refine((b) => b.name !== undefined || b.email !== undefined, 'name or email is required');

export const widgetVisitor = new Hono<AppEnv>()
  .use('/api/widget/visitor', requireVisitor())
  .post('/api/widget/visitor', async (c) => {
    const input = await jsonBody(c, claimsBody);
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
    return c.json({ visitor: { id: row.id, name: row.name, email: row.email, verified: row.verified } });
  });
