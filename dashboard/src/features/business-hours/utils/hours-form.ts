// The business-hours form's pure parts: day labels, the closed-dates text ↔ list, the zones to offer,
// what the availability badge says, and the first validation problem to show before saving.
import {
  type Availability,
  type BusinessHoursInput,
  businessHours,
  WEEKDAYS,
} from '../../../../../contract/availability.ts';

/** Monday first, as most schedules are written. */
export const DAYS = [...WEEKDAYS.slice(1), WEEKDAYS[0]] as const;
export const DAY_LABELS: Record<(typeof WEEKDAYS)[number], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export const parseDates = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);

export function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}

/** The first thing the server would refuse, in words (null when the form is valid). */
export function firstProblem(input: BusinessHoursInput): string | null {
  const parsed = businessHours.safeParse(input);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (!issue) return 'Invalid hours';
  const day = issue.path.find((p) => typeof p === 'string' && p in DAY_LABELS);
  const where = typeof day === 'string' ? `${DAY_LABELS[day as keyof typeof DAY_LABELS]}: ` : '';
  return `${where}${issue.message}`;
}

export function availabilityText(a: Availability): string {
  if (a.state === 'available') return 'Available: inside business hours with an agent online';
  if (a.reason === 'forced') return 'Away: forced by a Manager';
  if (a.reason === 'closed') return 'Away: outside business hours';
  return 'Away: no agent online';
}
