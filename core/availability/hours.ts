// Business hours as pure functions of an instant: whether a project is inside its hours, when that
// next changes (the inbox's alarm and the widget's "back at 9:00"), and the availability the widget
// is told. Time zones come from Intl (the runtime's IANA database): no time-zone library needed.
import { type Availability, type BusinessHours, minutesOf, WEEKDAYS } from '../../contract/availability.ts';

/** A wall-clock reading in a zone: the local date, its weekday (0 = Sunday) and minutes since midnight. */
export interface LocalTime {
  date: string;
  weekday: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at `at` (ms), as numbers. */
function wallClock(at: number, zone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const n = (k: string) => parts[k] ?? 0;
  // Some engines print midnight as 24 even in h23.
  return {
    year: n('year'),
    month: n('month'),
    day: n('day'),
    hour: n('hour') % 24,
    minute: n('minute'),
    second: n('second'),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

export function localTime(at: number, zone: string): LocalTime {
  const w = wallClock(at, zone);
  return {
    date: isoDate(w.year, w.month, w.day),
    weekday: new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay(),
    minutes: w.hour * 60 + w.minute,
  };
}

/** The zone's offset from UTC at `at`, in ms (local wall clock read as UTC, minus the instant). */
function offsetAt(at: number, zone: string): number {
  const w = wallClock(at, zone);
  const whole = at - (((at % 1000) + 1000) % 1000);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/**
 * The instant a local date and time happens in `zone`: read the offset at the wall time taken as
 * UTC, then again at the instant that gives (the offset may differ across a DST change). In a gap (a
 * time that does not exist, e.g. 02:00 in New York on the spring change) the result lands just after
 * it, by the offset before the change: 02:00 is 03:00 EDT, the instant the clocks jump (reading the
 * second offset alone gave 01:00 EST west of UTC, an hour early, so a night shift ending at 02:00
 * seemed never to close that night).
 */
export function instantOf(date: string, minutes: number, zone: string): number {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  const first = offsetAt(wall - offsetAt(wall, zone), zone);
  const instant = wall - first;
  const second = offsetAt(instant, zone);
  if (instant + second === wall) return instant;
  // Before a spring change the offset is the smaller of the two.
  return wall - Math.min(first, second);
}

/** Whether the project is inside its hours at `at` (always, when hours are off). */
export function isOpen(hours: BusinessHours, at: number): boolean {
  if (!hours.enabled) return true;
  const local = localTime(at, hours.timeZone);
  if (hours.closedDates.includes(local.date)) return false;
  const day = WEEKDAYS[local.weekday];
  const intervals = day ? hours.schedule[day] : [];
  return intervals.some((i) => minutesOf(i.start) <= local.minutes && local.minutes < minutesOf(i.end));
}

/** How far ahead `nextChange` looks (closed dates may close a project for long stretches). */
const HORIZON_DAYS = 370;

/**
 * The first instant after `at` when `isOpen` changes, or null when it never does (hours off, or no
 * opening within a year). Between two boundaries of the schedule (midnights, interval starts and
 * ends) the answer cannot change, so only those are tried.
 */
export function nextChange(hours: BusinessHours, at: number): number | null {
  if (!hours.enabled) return null;
  const zone = hours.timeZone;
  const now = isOpen(hours, at);
  const today = localTime(at, zone).date;
  const [y = 0, m = 1, d = 1] = today.split('-').map(Number);
  for (let i = 0; i <= HORIZON_DAYS; i++) {
    const day = new Date(Date.UTC(y, m - 1, d + i));
    const date = isoDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
    const weekday = WEEKDAYS[day.getUTCDay()];
    const minutes = new Set([0]);
    for (const interval of weekday ? hours.schedule[weekday] : []) {
      minutes.add(minutesOf(interval.start));
      if (interval.end !== '24:00') minutes.add(minutesOf(interval.end));
    }
    const candidates = [...minutes]
      .map((min) => instantOf(date, min, zone))
      .filter((t) => t > at)
      .sort((a, b) => a - b);
    for (const t of candidates) if (isOpen(hours, t) !== now) return t;
  }
  return null;
}

/**
 * What the widget is told: away when a Manager forced it (first), when outside the hours (with the
 * next opening), or when no agent is online; available otherwise.
 */
export function availabilityAt(hours: BusinessHours, onlineAgents: number, at: number): Availability {
  if (hours.forceAway) return { state: 'away', reason: 'forced', nextOpenAt: null };
  if (!isOpen(hours, at)) {
    const next = nextChange(hours, at);
    return { state: 'away', reason: 'closed', nextOpenAt: next === null ? null : new Date(next).toISOString() };
  }
  if (onlineAgents === 0) return { state: 'away', reason: 'no_agents', nextOpenAt: null };
  return { state: 'available', reason: null, nextOpenAt: null };
}

export const sameAvailability = (a: Availability | null, b: Availability): boolean =>
  a !== null && a.state === b.state && a.reason === b.reason && a.nextOpenAt === b.nextOpenAt;
