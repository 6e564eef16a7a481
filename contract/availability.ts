// Business hours and availability: what a Manager sets (time zone, weekly schedule, closed dates,
// "force away", the expected-reply text) and what the widget is told (available or away, why, when
// the project opens next, how soon it usually replies). REST, the session payload and the room's
// `availability` frame all use these shapes; the widget imports the types only.
import { z } from 'zod';

/** `HH:MM`, 00:00–24:00 (24:00 only as an end: the interval runs to midnight). */
const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00–24:00)');

/** Minutes since local midnight of `HH:MM`. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const hoursInterval = z.object({ start: clock, end: clock });
export type HoursInterval = z.infer<typeof hoursInterval>;

/** Days of the week as JavaScript numbers them (0 = Sunday). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const day = z
  .array(hoursInterval)
  .max(6)
  .superRefine((intervals, ctx) => {
    const sorted = [...intervals].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (const [i, it] of sorted.entries()) {
      if (minutesOf(it.start) >= minutesOf(it.end)) {
        ctx.addIssue({
          code: 'custom',
          message: `${it.start}–${it.end}: an interval ends after it starts, within the day`,
        });
      }
      const next = sorted[i + 1];
      if (next && minutesOf(next.start) < minutesOf(it.end)) {
        ctx.addIssue({ code: 'custom', message: `${it.start}–${it.end} overlaps ${next.start}–${next.end}` });
      }
    }
  });

/** The week: each day's opening intervals (empty or absent = closed that day). */
export const weeklySchedule = z
  .object({
    sun: day.default([]),
    mon: day.default([]),
    tue: day.default([]),
    wed: day.default([]),
    thu: day.default([]),
    fri: day.default([]),
    sat: day.default([]),
  })
  .strict();
export type WeeklySchedule = Record<Weekday, HoursInterval[]>;

/** What the widget says about reply times: measured from the last 7 days, or the Manager's own text. */
export const replyTimeSetting = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('measured') }),
  z.object({ mode: z.literal('fixed'), text: z.string().trim().min(1).max(120) }),
]);

/** A project's business hours as a Manager saves them (PUT) and every member reads them. */
export const businessHours = z
  .object({
    /** Off: the schedule is ignored and the project is inside its hours at all times. */
    enabled: z.boolean(),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
    schedule: weeklySchedule,
    /** Local dates (`YYYY-MM-DD` in the project's zone) the project is closed all day. */
    closedDates: z
      .array(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD'))
      .max(366)
      .default([]),
    /** A Manager's switch: away whatever the hours and presence say. */
    forceAway: z.boolean().default(false),
    replyTime: replyTimeSetting.default({ mode: 'measured' }),
  })
  .strict();
export type BusinessHours = z.infer<typeof businessHours>;
export type BusinessHoursInput = z.input<typeof businessHours>;

/** The defaults until a Manager saves hours: always inside hours, reply time measured. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  enabled: false,
  timeZone: 'UTC',
  schedule: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] },
  closedDates: [],
  forceAway: false,
  replyTime: { mode: 'measured' },
};

export const availabilityState = z.enum(['available', 'away']);
/** Why a project is away: outside its hours, nobody online, or a Manager's switch. */
export const awayReason = z.enum(['closed', 'no_agents', 'forced']);

/** What the widget is told at first paint (session) and live (the room's `availability` frame). */
export const availability = z.object({
  state: availabilityState,
  /** Null when available. */
  reason: awayReason.nullable(),
  /** When the hours open next (ISO), when closed now; null otherwise or when never. */
  nextOpenAt: z.string().nullable(),
});
export type Availability = z.infer<typeof availability>;

/** The widget's expected-reply line: the Manager's text, the measured median in seconds, or none measured yet. */
export const expectedReply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), text: z.string() }),
  z.object({ kind: z.literal('measured'), seconds: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('none') }),
]);
export type ExpectedReply = z.infer<typeof expectedReply>;
