// A project's reports, mounted at /api/projects/:projectId/reports: the figures over a date range
// in the project's time zone, overall and per day, agent or label (JSON, or CSV to download), and
// who may read them (Managers only unless a Manager lets Agents). Reads the report facts the
// events consumer keeps (worker/reports/), never `messages`.
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import {
  daysIn,
  MAX_REPORT_DAYS,
  report,
  reportDate,
  reportGrouping,
  reportSettings,
} from '../../contract/rest/reports.ts';
import { reportSettings as reportSettingsTable } from '../../drizzle/schema/reports.ts';
import type { AppEnv } from '../app-env.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, ProjectParams } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { buildReport, projectZone, reportCsv } from '../reports/query.ts';
import { auditProject } from '../tenancy/audit.ts';

export const reportRoutes = createRouter();
const tags = ['reports'];

const ReportQuery = z.object({
  from: reportDate.openapi({
    description: 'First day, `YYYY-MM-DD` in the project’s time zone',
    example: '2026-11-01',
  }),
  to: reportDate.openapi({ description: 'Last day (included), at most 366 days after `from`', example: '2026-11-30' }),
  groupBy: reportGrouping.default('day').openapi({ description: 'Groups: per day, per agent or per label' }),
});

async function agentsMayView(c: Context<AppEnv>, projectId: string): Promise<boolean> {
  const db = await c.get('db')();
  const [row] = await db
    .select({ agentsMayView: reportSettingsTable.agentsMayView })
    .from(reportSettingsTable)
    .where(eq(reportSettingsTable.projectId, projectId))
    .limit(1);
  return row?.agentsMayView ?? false;
}

/** The report the query asks for, once the caller may read it and the range makes sense. */
async function reportFor(c: Context<AppEnv>, q: z.infer<typeof ReportQuery>) {
  const { projectId, role } = c.get('membership');
  if (role !== 'manager' && !(await agentsMayView(c, projectId))) {
    throw forbidden('A Manager keeps the reports to Managers', 'reports_restricted');
  }
  if (q.from > q.to) throw badRequest('from must not be after to', 'invalid_range');
  if (daysIn(q.from, q.to) > MAX_REPORT_DAYS) {
    throw badRequest(`A report covers at most ${MAX_REPORT_DAYS} days`, 'invalid_range');
  }
  const db = await c.get('db')();
  const zone = await projectZone(db, projectId);
  if (!zone) throw notFound('Project');
  return buildReport(db, { projectId, from: q.from, to: q.to, groupBy: q.groupBy, zone });
}

const RANGE_HELP =
  'Each measure counts by its own time in the project’s time zone (business hours; UTC without): opened by ' +
  'creation, resolved and resolution time by the latest resolution, first response time by creation, CSAT ' +
  'by the resolution rated. 400 `invalid_range` when `from` is after `to` or the range is longer than 366 days; ' +
  '403 `reports_restricted` for an Agent unless a Manager allowed Agents.';

reportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'getReport',
    tags,
    summary: 'Conversations opened and resolved, first response and resolution times, CSAT, over a date range',
    description: RANGE_HELP,
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: { params: ProjectParams, query: ReportQuery },
    responses: { 200: json(report, 'The figures, overall and per group'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(await reportFor(c, c.req.valid('query')), 200),
);

reportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/export',
    operationId: 'exportReport',
    tags,
    summary: 'The same report as CSV: one row per group, then the totals',
    description: RANGE_HELP,
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: { params: ProjectParams, query: ReportQuery },
    responses: {
      200: {
        description: 'CSV (RFC 4180, CRLF), downloaded as `parley-report-<from>-<to>-<groupBy>.csv`',
        content: { 'text/csv': { schema: z.string() } },
      },
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const body = reportCsv(await reportFor(c, q));
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="parley-report-${q.from}-${q.to}-${q.groupBy}.csv"`,
      'cache-control': 'no-store',
    });
  },
);

reportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/settings',
    operationId: 'getReportSettings',
    tags,
    summary: 'Who may read the reports (any member: the dashboard shows the page accordingly)',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: { params: ProjectParams },
    responses: { 200: json(reportSettings, 'The setting'), ...errors(401, 403, 404) },
  }),
  async (c) => c.json({ agentsMayView: await agentsMayView(c, c.get('membership').projectId) }, 200),
);

reportRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/settings',
    operationId: 'updateReportSettings',
    tags,
    summary: 'Let Agents read the reports, or keep them to Managers; audited (Managers)',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember('manager')],
    request: { params: ProjectParams, body: jsonBody(reportSettings.strict()) },
    responses: { 200: json(reportSettings, 'The setting now'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { agentsMayView: allowed } = c.req.valid('json');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    await db
      .insert(reportSettingsTable)
      .values({ projectId, agentsMayView: allowed })
      .onConflictDoUpdate({
        target: reportSettingsTable.projectId,
        set: { agentsMayView: allowed, updatedAt: new Date() },
      });
    await auditProject(db, {
      projectId,
      actorId: c.get('agent').userId,
      type: 'project.settings_changed',
      info: requestInfo(c),
      data: { fields: 'reports', agentsMayView: allowed },
    });
    return c.json({ agentsMayView: allowed }, 200);
  },
);
