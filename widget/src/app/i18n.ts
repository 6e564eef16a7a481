// The widget's words: English here (the first load), every other language of contract/locales.ts
// in its own chunk under locales/, loaded when chosen. How a locale is picked: Parley.setLocale()
// first, then the project's setting, then the browser's languages; until its chunk has arrived
// (a few hundred bytes) a language shows in English. The English of the lazy views (rare-words.ts)
// comes with their chunk: addEnglish().
import type { WidgetLocale } from '../../../contract/locales.ts';
import type { rareEn } from './rare-words.ts';

const en = {
  open: 'Open chat',
  close: 'Close chat',
  title: 'Chat with us',
  subtitleOnline: 'We typically reply in a few minutes',
  subtitleAway: 'We are away right now',
  greeting: 'Hi! How can we help?',
  placeholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent',
  retry: 'Retry',
  messageDeleted: 'This message was deleted',
  deleteMessage: 'Delete',
  deleteConfirm: 'Delete this message?',
  cancel: 'Cancel',
  deleteFailed: 'The message could not be deleted.',
  emoji: 'Emoji',
  emojiSearch: 'Search emoji',
  emojiNone: 'No emoji found',
  typing: '{name} is typing…',
  someone: 'Someone',
  team: 'Team',
  you: 'You',
  newMessage: 'New message from {name}: {body}',
  titleNotice: '({count}) New message',
  offline: 'Offline — your messages will be sent when you are back online.',
  reconnecting: 'Reconnecting…',
  loadError: 'Chat is unavailable right now.',
  preChatIntro: 'Before we start, how can we reach you?',
  name: 'Name',
  email: 'Email',
  start: 'Start chat',
  invalidEmail: 'Please enter a valid email address.',
  messageLog: 'Conversation',
  messageTooLong: 'Message is too long.',
  menu: 'More options',
  attach: 'Attach a file',
  attachHint: '{types} · up to {size}',
  dropHere: 'Drop files to send them',
  viewImage: 'View image',
  conversations: 'Your conversations',
  // Away mode (availability.ts)
  replyUnderMinute: 'Usually replies in under a minute',
  replyMinutes: 'Usually replies in {n} minutes',
  replyMinute: 'Usually replies in a minute',
  replyHours: 'Usually replies in {n} hours',
  replyHour: 'Usually replies in an hour',
  replyDay: 'Usually replies within a day',
  backToday: 'Back today at {time}',
  backTomorrow: 'Back tomorrow at {time}',
  backOn: 'Back {day} at {time}',
  awayNow: 'We are away right now',
} as const;

export type Dictionary = { [K in keyof typeof en | keyof typeof rareEn]: string };
export type Locale = WidgetLocale;

/** One chunk per language: a language of contract/locales.ts without one does not compile. */
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Dictionary }>> = {
  fr: () => import('./locales/fr.ts'),
  de: () => import('./locales/de.ts'),
  es: () => import('./locales/es.ts'),
  pt: () => import('./locales/pt.ts'),
};

/** Every language the widget speaks. */
export const LOCALES = ['en', ...Object.keys(loaders)] as Locale[];

/** English: the first load's words, then the lazy views' as their chunk arrives. */
const english: Partial<Dictionary> = { ...en };
const loaded: Partial<Record<Locale, Partial<Dictionary>>> = { en: english };

/** The lazy views' English words (rare-words.ts), added by their chunk as it loads. */
export const addEnglish = (words: Partial<Dictionary>): void => void Object.assign(english, words);

/** Loads `locale`'s words (once); resolves when `translate` has them. A failed load keeps English. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (loaded[locale] || locale === 'en') return;
  try {
    loaded[locale] = (await loaders[locale]()).default;
  } catch {
    // Offline or blocked: English until the next attempt.
  }
}

/** The dictionary of `locale` once loaded (tests); English lacks the lazy views' words until their chunk arrived. */
export const dictionaryOf = (locale: Locale): Partial<Dictionary> | undefined => loaded[locale];

const isLocale = (lang: string | undefined): lang is Locale => LOCALES.includes(lang as Locale);

/** The first supported language among the candidates ('pt-BR' → 'pt'), else English. */
export function pickLocale(...candidates: (string | readonly string[] | undefined)[]): Locale {
  for (const candidate of candidates.flat()) {
    const lang = candidate?.toLowerCase().split(/[-_]/)[0];
    if (isLocale(lang)) return lang;
  }
  return 'en';
}

/** A translation with {placeholders} filled in (English while the language's chunk is loading). */
export function translate(locale: Locale, key: keyof Dictionary, vars?: Record<string, string | number>): string {
  const template = loaded[locale]?.[key] ?? english[key] ?? '';
  return vars ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? '')) : template;
}
