// Away mode's words: the header line when available (the expected reply time, the Manager's text or
// the measured median as a human phrase) and when away ("Back tomorrow at 9:00", in the visitor's own
// clock). The words are in i18n.ts and the language chunks (locales/), loaded before the first paint.
import type { Availability, ExpectedReply } from '../../../contract/availability.ts';
import { type Dictionary, type Locale, pickLocale, translate } from './i18n.ts';

/** An away-mode phrase in `locale` (a tag the widget does not speak, such as 'en-GB', is English). */
export function awayWord(
  locale: Locale | string,
  key: keyof Dictionary,
  vars: Record<string, string | number> = {},
): string {
  return translate(pickLocale(locale), key, vars);
}

/** The measured median as a phrase: exact minutes up to 10, then fives; hours; a day. */
export function replyPhrase(locale: Locale | string, reply: ExpectedReply | undefined): string | null {
  if (!reply || reply.kind === 'none') return null;
  if (reply.kind === 'fixed') return reply.text;
  const s = reply.seconds;
  if (s < 60) return awayWord(locale, 'replyUnderMinute');
  const minutes = Math.round(s / 60);
  if (minutes < 60) {
    const n = minutes <= 10 ? minutes : Math.round(minutes / 5) * 5;
    return n === 1 ? awayWord(locale, 'replyMinute') : awayWord(locale, 'replyMinutes', { n });
  }
  const hours = Math.round(s / 3600);
  if (hours < 24) return hours === 1 ? awayWord(locale, 'replyHour') : awayWord(locale, 'replyHours', { n: hours });
  return awayWord(locale, 'replyDay');
}

/** "Back tomorrow at 9:00" for the next opening, in the visitor's zone (`timeZone` for tests). */
export function backAt(locale: Locale | string, iso: string, now = Date.now(), timeZone?: string): string {
  const at = new Date(iso);
  const zone = timeZone ? { timeZone } : {};
  const time = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', ...zone }).format(at);
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', ...zone }).format(d);
  if (day(at) === day(new Date(now))) return awayWord(locale, 'backToday', { time });
  if (day(at) === day(new Date(now + 86_400_000))) return awayWord(locale, 'backTomorrow', { time });
  const weekday = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    ...(at.getTime() - now > 6 * 86_400_000 ? { day: 'numeric', month: 'long' } : {}),
    ...zone,
  }).format(at);
  return awayWord(locale, 'backOn', { day: weekday, time });
}

/** The header's second line: when the team is back, or how soon it replies. */
export function headerLine(
  locale: Locale | string,
  availability: Availability | null,
  reply: ExpectedReply | undefined,
  fallback: string,
  now = Date.now(),
): string {
  if (availability?.state === 'away') {
    return availability.nextOpenAt ? backAt(locale, availability.nextOpenAt, now) : awayWord(locale, 'awayNow');
  }
  return replyPhrase(locale, reply) ?? fallback;
}
