// A report: the facts of a project's conversations (drizzle/schema/reports.ts) aggregated over a
// date range in the project's time zone — each measure by its own time (opened by creation,
// resolved by resolution, ratings by the resolution they rate) — overall and per day, agent or
// label. Reads only report_conversations (three index range scans), never `messages`; a group is
// named from `users` (agents) or `labels` (name and colour) afterwards.
import { type SQL, sql } from 'drizzle-orm';
import { LABEL_COLORS, type LabelColor } from '../../contract/rest/labels.ts';
import {
  datesIn,
  type Report,
  type ReportFigures,
  type ReportGroup,
  type ReportGrouping,
} from '../../contract/rest/reports.ts';
import type { Db } from '../../core/platform/db.ts';

interface FigureRow extends Record<string, unknown> {
  key: string | null;
  /** 1 on the row of the totals (the empty grouping set), 0 on a group's. */
  total: number;
  opened: number | string;
  resolved: number | string;
  frt50: number | null;
  frt90: number | null;
  res50: number | null;
  ratings: number | string;
  satisfied: number | string;
  avg_rating: number | string | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function figuresOf(row: FigureRow | undefined): ReportFigures {
  const opened = Number(row?.opened ?? 0);
  const resolved = Number(row?.resolved ?? 0);
  const ratings = Number(row?.ratings ?? 0);
  const satisfied = Number(row?.satisfied ?? 0);
  const avg = num(row?.avg_rating ?? null);
  const seconds = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v)));
  return {
    opened,
    resolved,
    firstResponseMedianSeconds: seconds(row?.frt50),
    firstResponseP90Seconds: seconds(row?.frt90),
    resolutionMedianSeconds: seconds(row?.res50),
    ratings,
    csatScore: ratings > 0 ? round1((satisfied / ratings) * 100) : null,
    csatAverage: avg === null ? null : Math.round(avg * 100) / 100,
    responseRate: resolved > 0 ? round1((ratings / resolved) * 100) : null,
  };
}

/** The group key of an item, by grouping (`null` for the totals). */
function keyOf(groupBy: ReportGrouping | null, zone: string): SQL {
  if (groupBy === 'day') return sql`to_char(i.at at time zone ${zone}, 'YYYY-MM-DD')`;
  if (groupBy === 'agent') return sql`i.agent::text`;
  if (groupBy === 'label') return sql`l.label`;
  return sql`null::text`;
}

/**
 * The figures of the range, per group of `groupBy` (null: the totals only). Day and agent
 * groupings put each item in one group, so the totals come from the same pass (the empty grouping
 * set); labels count an item under each of its labels, so their totals are a query of their own.
 * Only the columns the grouping needs are carried, so the sorts stay in memory.
 */
function figuresSql(projectId: string, from: string, to: string, zone: string, groupBy: ReportGrouping | null): SQL {
  // The range's instants: local midnight of `from` to local midnight after `to`, in the zone (a DST day is 23 or 25 h).
  const start = sql`(${from}::date::timestamp at time zone ${zone})`;
  const end = sql`((${to}::date + 1)::timestamp at time zone ${zone})`;
  const agent = (column: string) => (groupBy === 'agent' ? sql.raw(`f.${column}`) : sql`null::uuid`);
  const labelIds = groupBy === 'label' ? sql`f.label_ids` : sql`null::text[]`;
  const unnestLabels =
    groupBy === 'label'
      ? sql`cross join lateral unnest(case when cardinality(i.label_ids) = 0 then array[null::text] else i.label_ids end) as l(label)`
      : sql``;
  const groups = groupBy === null ? sql`()` : groupBy === 'label' ? sql`(k.key)` : sql`(k.key), ()`;
  // GROUPING() names only a grouped expression: the totals-only query has none.
  const total = groupBy === null ? sql`1` : sql`grouping(k.key)`;
  return sql`
    with i as (
      select 'opened' as kind, f.opened_at as at, ${agent('assignee_id')} as agent, ${labelIds} as label_ids,
        extract(epoch from f.first_response_at - f.opened_at)::float8 as frt, null::float8 as res, null::int as rating
      from report_conversations f
      where f.project_id = ${projectId}::uuid and f.opened_at >= ${start} and f.opened_at < ${end}
      union all
      select 'resolved', f.resolved_at, ${agent('assignee_id')}, ${labelIds},
        null, extract(epoch from f.resolved_at - f.opened_at)::float8, null
      from report_conversations f
      where f.project_id = ${projectId}::uuid and f.resolved_at >= ${start} and f.resolved_at < ${end}
      union all
      select 'rated', f.rating_resolved_at, ${agent('rating_assignee_id')}, ${labelIds}, null, null, f.rating
      from report_conversations f
      where f.project_id = ${projectId}::uuid and f.rating is not null
        and f.rating_resolved_at >= ${start} and f.rating_resolved_at < ${end}
    ), k as (
      select ${keyOf(groupBy, zone)} as key, i.kind, i.frt, i.res, i.rating from i ${unnestLabels}
    )
    select ${groupBy === null ? sql`null::text` : sql`k.key`} as key, ${total} as total,
      count(*) filter (where k.kind = 'opened') as opened,
      count(*) filter (where k.kind = 'resolved') as resolved,
      percentile_cont(0.5) within group (order by k.frt) filter (where k.kind = 'opened') as frt50,
      percentile_cont(0.9) within group (order by k.frt) filter (where k.kind = 'opened') as frt90,
      percentile_cont(0.5) within group (order by k.res) filter (where k.kind = 'resolved') as res50,
      count(*) filter (where k.kind = 'rated') as ratings,
      count(*) filter (where k.kind = 'rated' and k.rating >= 4) as satisfied,
      avg(k.rating) filter (where k.kind = 'rated') as avg_rating
    from k
    group by grouping sets (${groups})`;
}

/** The project's IANA zone from its business hours (UTC without any). */
export async function projectZone(db: Db, projectId: string): Promise<string | null> {
  const result = await db.execute<{ zone: string | null }>(sql`
    select coalesce(business_hours->>'timeZone', 'UTC') as zone from projects where id = ${projectId}::uuid`);
  const row = result.rows[0];
  return row ? (row.zone ?? 'UTC') : null;
}

export async function buildReport(
  db: Db,
  q: { projectId: string; from: string; to: string; groupBy: ReportGrouping; zone: string },
): Promise<Report> {
  const q1 = figuresSql(q.projectId, q.from, q.to, q.zone, q.groupBy);
  const rows = (await db.execute<FigureRow>(q1)).rows;
  // Labels: an item counts under each label, so the totals are counted apart.
  if (q.groupBy === 'label') {
    rows.push(...(await db.execute<FigureRow>(figuresSql(q.projectId, q.from, q.to, q.zone, null))).rows);
  }
  const totals = rows.find((r) => Number(r.total) === 1);
  const grouped = rows.filter((r) => Number(r.total) === 0);
  const byKey = new Map(grouped.map((r) => [r.key, r]));
  let groups: ReportGroup[];
  if (q.groupBy === 'day') {
    // Every day of the range, empty ones too: a chart's axis has no gaps.
    groups = datesIn(q.from, q.to).map((day) => ({
      key: day,
      name: day,
      color: null,
      figures: figuresOf(byKey.get(day)),
    }));
  } else {
    const keys = [...byKey.keys()];
    const names: Map<string, { name: string; color: LabelColor | null }> =
      q.groupBy === 'agent' ? await agentNames(db, q.projectId, keys) : await labelNames(db, q.projectId, keys);
    const none = q.groupBy === 'agent' ? 'Unassigned' : 'No label';
    const gone = q.groupBy === 'agent' ? 'Former member' : DELETED_LABEL;
    groups = [...byKey.values()]
      .map((row) => {
        const named = row.key === null ? null : names.get(row.key);
        return {
          key: row.key,
          name: row.key === null ? none : (named?.name ?? gone),
          color: named?.color ?? null,
          figures: figuresOf(row),
        };
      })
      .sort((a, b) => b.figures.opened - a.figures.opened || a.name.localeCompare(b.name));
  }
  return { from: q.from, to: q.to, timeZone: q.zone, groupBy: q.groupBy, totals: figuresOf(totals), groups };
}

type Named = Map<string, { name: string; color: LabelColor | null }>;

async function agentNames(db: Db, projectId: string, ids: (string | null)[]): Promise<Named> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  // Names of the project's members only: a user who left shows as a former member.
  const result = await db.execute<{ id: string; name: string }>(sql`
    select u.id, u.name from users u join memberships m on m.user_id = u.id and m.project_id = ${projectId}::uuid
    where u.id in (select jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb)::uuid)`);
  return new Map(result.rows.map((r) => [r.id, { name: r.name, color: null }]));
}

/** What a label's rows show once the label is gone (its removal events not yet counted). */
export const DELETED_LABEL = '(deleted label)';

async function labelNames(db: Db, projectId: string, ids: (string | null)[]): Promise<Named> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  // The project's own labels only, compared as text (a fact holds what its event said): a deleted
  // label, or an id that was never this project's, shows as a deleted label and names nothing.
  const result = await db.execute<{ id: string; name: string; color: string }>(sql`
    select l.id::text as id, l.name, l.color from labels l
    where l.project_id = ${projectId}::uuid
      and l.id::text in (select jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb))`);
  return new Map(result.rows.map((r) => [r.id, { name: r.name, color: isLabelColor(r.color) ? r.color : null }]));
}

const isLabelColor = (value: string): value is LabelColor => (LABEL_COLORS as readonly string[]).includes(value);

const CSV_COLUMNS: [string, (f: ReportFigures) => number | null][] = [
  ['opened', (f) => f.opened],
  ['resolved', (f) => f.resolved],
  ['first_response_median_seconds', (f) => f.firstResponseMedianSeconds],
  ['first_response_p90_seconds', (f) => f.firstResponseP90Seconds],
  ['resolution_median_seconds', (f) => f.resolutionMedianSeconds],
  ['ratings', (f) => f.ratings],
  ['csat_score_percent', (f) => f.csatScore],
  ['csat_average', (f) => f.csatAverage],
  ['response_rate_percent', (f) => f.responseRate],
];

/** A cell as RFC 4180 wants it, and never read as a formula by a spreadsheet. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report as CSV: one row per group, then the totals (group `total`). */
export function reportCsv(report: Report): string {
  const header = [report.groupBy, 'name', ...CSV_COLUMNS.map(([name]) => name)];
  const line = (key: string, name: string, f: ReportFigures) =>
    [key, name, ...CSV_COLUMNS.map(([, get]) => String(get(f) ?? ''))].map(cell).join(',');
  const rows = report.groups.map((g) => line(g.key ?? '', g.name, g.figures));
  return `${[header.join(','), ...rows, line('total', 'Total', report.totals)].join('\r\n')}\r\n`;
}
