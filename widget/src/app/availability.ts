// Away mode's words: the header line when available (the expected reply time, the Manager's text or
// the measured median as a human phrase) and when away ("Back tomorrow at 9:00", in the visitor's own
// clock). Kept apart from i18n.ts so a language without these words falls back to English.
import type { Availability, ExpectedReply } from '../../../contract/availability.ts';
import type { Locale } from './i18n.ts';

const words = {
  en: {
    underMinute: 'Usually replies in under a minute',
    minutes: 'Usually replies in {n} minutes',
    minute: 'Usually replies in a minute',
    hours: 'Usually replies in {n} hours',
    hour: 'Usually replies in an hour',
    day: 'Usually replies within a day',
    backToday: 'Back today at {time}',
    backTomorrow: 'Back tomorrow at {time}',
    backOn: 'Back {day} at {time}',
    away: 'We are away right now',
    emailAsk: 'Leave your email and we will reply there.',
    save: 'Save',
    notNow: 'Not now',
  },
  fr: {
    underMinute: 'Répond en général en moins d’une minute',
    minutes: 'Répond en général en {n} minutes',
    minute: 'Répond en général en une minute',
    hours: 'Répond en général en {n} heures',
    hour: 'Répond en général en une heure',
    day: 'Répond en général sous un jour',
    backToday: 'De retour aujourd’hui à {time}',
    backTomorrow: 'De retour demain à {time}',
    backOn: 'De retour {day} à {time}',
    away: 'Nous sommes absents pour le moment',
    emailAsk: 'Laissez votre e-mail, nous vous répondrons par ce biais.',
    save: 'Enregistrer',
    notNow: 'Plus tard',
  },
  de: {
    underMinute: 'Antwortet meist in unter einer Minute',
    minutes: 'Antwortet meist in {n} Minuten',
    minute: 'Antwortet meist in einer Minute',
    hours: 'Antwortet meist in {n} Stunden',
    hour: 'Antwortet meist in einer Stunde',
    day: 'Antwortet meist innerhalb eines Tages',
    backToday: 'Zurück heute um {time}',
    backTomorrow: 'Zurück morgen um {time}',
    backOn: 'Zurück {day} um {time}',
    away: 'Wir sind gerade nicht da',
    emailAsk: 'Hinterlassen Sie Ihre E-Mail, wir antworten dorthin.',
    save: 'Speichern',
    notNow: 'Später',
  },
  es: {
    underMinute: 'Suele responder en menos de un minuto',
    minutes: 'Suele responder en {n} minutos',
    minute: 'Suele responder en un minuto',
    hours: 'Suele responder en {n} horas',
    hour: 'Suele responder en una hora',
    day: 'Suele responder en un día',
    backToday: 'De vuelta hoy a las {time}',
    backTomorrow: 'De vuelta mañana a las {time}',
    backOn: 'De vuelta el {day} a las {time}',
    away: 'Ahora no estamos disponibles',
    emailAsk: 'Déjanos tu email y te responderemos allí.',
    save: 'Guardar',
    notNow: 'Ahora no',
  },
  pt: {
    underMinute: 'Costuma responder em menos de um minuto',
    minutes: 'Costuma responder em {n} minutos',
    minute: 'Costuma responder em um minuto',
    hours: 'Costuma responder em {n} horas',
    hour: 'Costuma responder em uma hora',
    day: 'Costuma responder em até um dia',
    backToday: 'De volta hoje às {time}',
    backTomorrow: 'De volta amanhã às {time}',
    backOn: 'De volta {day} às {time}',
    away: 'Estamos ausentes no momento',
    emailAsk: 'Deixe seu email e responderemos por lá.',
    save: 'Salvar',
    notNow: 'Agora não',
  },
};
export type AwayWord = keyof typeof words.en;

export function awayWord(locale: Locale | string, key: AwayWord, vars: Record<string, string | number> = {}): string {
  const dict = (words as Record<string, Record<AwayWord, string>>)[locale] ?? words.en;
  return dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** The measured median as a phrase: exact minutes up to 10, then fives; hours; a day. */
export function replyPhrase(locale: Locale | string, reply: ExpectedReply | undefined): string | null {
  if (!reply || reply.kind === 'none') return null;
  if (reply.kind === 'fixed') return reply.text;
  const s = reply.seconds;
  if (s < 60) return awayWord(locale, 'underMinute');
  const minutes = Math.round(s / 60);
  if (minutes < 60) {
    const n = minutes <= 10 ? minutes : Math.round(minutes / 5) * 5;
    return n === 1 ? awayWord(locale, 'minute') : awayWord(locale, 'minutes', { n });
  }
  const hours = Math.round(s / 3600);
  if (hours < 24) return hours === 1 ? awayWord(locale, 'hour') : awayWord(locale, 'hours', { n: hours });
  return awayWord(locale, 'day');
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
    return availability.nextOpenAt ? backAt(locale, availability.nextOpenAt, now) : awayWord(locale, 'away');
  }
  return replyPhrase(locale, reply) ?? fallback;
}
