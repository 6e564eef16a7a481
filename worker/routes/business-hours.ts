// A project's business hours, mounted at /api/projects/:projectId/business-hours: every member reads
// them (and the availability they give now), Managers replace them — the schedule, closed dates,
// force away and the expected-reply setting — audited; the project's inbox hears at once, so
// visitors with the widget open see the change live.
import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { type BusinessHours, businessHours, DEFAULT_BUSINESS_HOURS } from '../../contract/availability.ts';
import { businessHoursView } from '../../contract/rest/business-hours.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import { forgetReplyTime } from '../availability/reply-time.ts';
import { inboxFor } from '../conversations/rooms.ts';
import { notFound } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, ProjectParams } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { auditProject } from '../tenancy/audit.ts';

export const businessHoursRoutes = createRouter();
const tags = ['settings'];
const View = businessHoursView.meta({ id: 'BusinessHoursView' });

const view = async (env: Env, projectId: string, stored: BusinessHours | null) => ({
  businessHours: stored ?? DEFAULT_BUSINESS_HOURS,
  configured: stored !== null,
  availability: await inboxFor(env, projectId).configureAvailability(stored),
});

businessHoursRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'getBusinessHours',
    tags,
    summary: "The project's business hours and whether it is available now (any member)",
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: { params: ProjectParams },
    responses: { 200: json(View, 'The hours (defaults until a Manager saves some)'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const [row] = await db
      .select({ businessHours: projects.businessHours })
      .from(projects)
      .where(eq(projects.id, projectId))
      .limit(1);
    if (!row) throw notFound('Project');
    return c.json(await view(c.env, projectId, row.businessHours), 200);
  },
);

businessHoursRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/',
    operationId: 'updateBusinessHours',
    tags,
    summary:
      "Replace the project's business hours (Managers): zone, weekly intervals, closed dates, force away, reply time",
    description:
      'Intervals are `HH:MM` in the project’s IANA time zone, within one day (`24:00` ends at midnight; a night ' +
      'shift is two intervals, one each side of midnight), without overlaps. 400 `invalid_request` names what is wrong.',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember('manager')],
    request: { params: ProjectParams, body: jsonBody(businessHours.meta({ id: 'BusinessHours' })) },
    responses: { 200: json(View, 'The hours now in effect'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const [row] = await db
      .update(projects)
      .set({ businessHours: input })
      .where(eq(projects.id, projectId))
      .returning({ businessHours: projects.businessHours });
    if (!row) throw notFound('Project');
    await auditProject(db, {
      projectId,
      actorId: c.get('agent').userId,
      type: 'project.settings_changed',
      info: requestInfo(c),
      data: { fields: 'businessHours', forceAway: input.forceAway, hoursEnabled: input.enabled },
    });
    await forgetReplyTime(c.get('config'), projectId);
    return c.json(await view(c.env, projectId, row.businessHours), 200);
  },
);
