// REST shapes of a project's reports (/api/projects/:projectId/reports): the query (a date range in
// the project's time zone and a grouping), the figures of a range and of each group, and who may
// read them. The dashboard's Reports page and the CSV export read the same figures.
import { z } from 'zod';
import { labelColor } from './labels.ts';

export const REPORT_GROUPINGS = ['day', 'agent', 'label'] as const;
export const reportGrouping = z.enum(REPORT_GROUPINGS);
export type ReportGrouping = z.infer<typeof reportGrouping>;

/** The longest range a report covers, in days (both ends included). */
export const MAX_REPORT_DAYS = 366;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export const reportDate = z.string().refine((value) => {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}, 'must be a date YYYY-MM-DD');

/** Days from `from` to `to`, both included (1 for the same day). */
export const daysIn = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** Every date from `from` to `to`, both included. */
export function datesIn(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export const reportFigures = z
  .object({
    /** Conversations created in the range. */
    opened: z.number().int(),
    /** Conversations whose latest resolution falls in the range (and that are still resolved). */
    resolved: z.number().int(),
    /** First response time (first public agent message − creation) of the conversations opened in the range, seconds. */
    firstResponseMedianSeconds: z.number().nullable(),
    firstResponseP90Seconds: z.number().nullable(),
    /** Resolution time (resolution − creation) of the conversations resolved in the range, seconds. */
    resolutionMedianSeconds: z.number().nullable(),
    /** Ratings of resolutions in the range. */
    ratings: z.number().int(),
    /** CSAT score: the share of ratings that are 4 or 5, in percent. */
    csatScore: z.number().nullable(),
    csatAverage: z.number().nullable(),
    /** Ratings ÷ resolved conversations, in percent. */
    responseRate: z.number().nullable(),
  })
  .meta({ id: 'ReportFigures' });
export type ReportFigures = z.infer<typeof reportFigures>;

export const reportGroup = z
  .object({
    /** The date (`day`), the user id (`agent`) or the label id (`label`); null = unassigned / no label. */
    key: z.string().nullable(),
    /** What to show: the date, the agent's name ("Former member" once they left), the label's name
     * ("(deleted label)" once it is gone), "Unassigned" or "No label". */
    name: z.string(),
    /** The label's colour (`label` grouping, a label that exists); null otherwise. */
    color: labelColor.nullable(),
    figures: reportFigures,
  })
  .meta({ id: 'ReportGroup' });
export type ReportGroup = z.infer<typeof reportGroup>;

export const report = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    groupBy: reportGrouping,
    totals: reportFigures,
    groups: z.array(reportGroup),
  })
  .meta({ id: 'Report' });
export type Report = z.infer<typeof report>;

export const reportSettings = z
  .object({
    /** Agents may read the reports too; otherwise Managers only (the default). */
    agentsMayView: z.boolean(),
  })
  .meta({ id: 'ReportSettings' });
export type ReportSettings = z.infer<typeof reportSettings>;
