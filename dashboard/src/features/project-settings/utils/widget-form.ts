// The widget settings form: defaults (what the widget shows when a field is unset), validation
// matching the API's, allowed-domain parsing, and the embed snippet for the host page.
import { WIDGET_LOCALES } from '../../../../../contract/locales.ts';
import type { WidgetSettings } from '../api/get-settings.ts';

export const WIDGET_DEFAULTS: Required<WidgetSettings> = {
  color: '#4f46e5',
  position: 'right',
  // No label: the launcher is the round chat button alone.
  launcherLabel: '',
  greeting: 'Hi! How can we help?',
  awayMessage: 'We are away right now — leave a message and we will get back to you by email.',
  locale: 'en',
  preChatForm: false,
  theme: 'auto',
  // CSAT is on unless a Manager switches it off.
  csat: true,
};

/** The languages the widget speaks (one list, in contract/locales.ts, that the widget's dictionaries follow). */
export const LOCALES: readonly { id: string; label: string }[] = WIDGET_LOCALES;

/** A stored locale the list no longer has (`pt-BR` from before) shows as its language (`pt`), else English. */
function offeredLocale(locale: string): string {
  if (LOCALES.some((l) => l.id === locale)) return locale;
  const lang = locale.split('-')[0];
  return LOCALES.find((l) => l.id === lang)?.id ?? 'en';
}

export function withDefaults(settings: WidgetSettings): Required<WidgetSettings> {
  const merged = { ...WIDGET_DEFAULTS, ...settings };
  return { ...merged, locale: offeredLocale(merged.locale) };
}

export function widgetErrors(form: Required<WidgetSettings>): Partial<Record<keyof WidgetSettings, string>> {
  const errors: Partial<Record<keyof WidgetSettings, string>> = {};
  if (!/^#[0-9a-fA-F]{6}$/.test(form.color)) errors.color = 'A colour like #4f46e5';
  if (form.launcherLabel.length > 40) errors.launcherLabel = 'At most 40 characters';
  if (form.greeting.length > 500) errors.greeting = 'At most 500 characters';
  if (form.awayMessage.length > 500) errors.awayMessage = 'At most 500 characters';
  if (!/^[a-z]{2}(-[A-Z]{2})?$/.test(form.locale)) errors.locale = 'A locale like en or pt-BR';
  return errors;
}

/** One origin per line (or comma separated) → normalised origins, with the lines that are not. */
export function parseDomains(text: string): { origins: string[]; invalid: string[] } {
  const origins: string[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(/[\s,]+/)) {
    const value = raw.trim();
    if (!value) continue;
    const withScheme = /^[a-z]+:\/\//i.test(value) ? value : `https://${value}`;
    try {
      const url = new URL(withScheme);
      const bare = url.pathname === '/' && !url.search && !url.hash && !url.username;
      if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !bare || !url.hostname) invalid.push(value);
      else if (!origins.includes(url.origin)) origins.push(url.origin);
    } catch {
      invalid.push(value);
    }
  }
  return { origins, invalid };
}

/**
 * The one tag a host page adds before </body>: no inline script, so it works under a strict
 * Content-Security-Policy (script-src naming Parley's origin). The loader reads its data- attributes.
 */
export function strictEmbedSnippet(origin: string, widgetKey: string): string {
  return `<script async src="${origin}/widget.js" data-widget-key="${widgetKey}"></script>`;
}

/** The data- attributes the loader reads, for the Install card's reference. */
export const EMBED_ATTRIBUTES: readonly { name: string; what: string }[] = [
  { name: 'data-locale', what: "the widget's language (en, fr, de, es, pt), over the project's setting" },
  { name: 'data-user-id + data-user-hash', what: 'a signed-in user, verified: the hash is computed on your server' },
  { name: 'data-user-name, data-user-email', what: "the visitor's name and email, unverified" },
];

/** The loader and the inline queue stub, for pages that call Parley(...) before the loader arrives. */
export function embedSnippet(origin: string, widgetKey: string): string {
  return [
    '<script>',
    '  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };',
    '</script>',
    `<script async src="${origin}/widget.js" data-widget-key="${widgetKey}"></script>`,
  ].join('\n');
}

/** How the host site identifies a signed-in visitor (HMAC computed on its server). */
export function identifySnippet(): string {
  return [
    '// On your server: hash = hex(HMAC-SHA256(key: identity secret, message: user.id))',
    "Parley('identify', {",
    '  userId: user.id,',
    '  name: user.name,',
    '  email: user.email,',
    '  hash: hashFromYourServer,',
    '});',
  ].join('\n');
}
