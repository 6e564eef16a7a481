// The widget settings form: defaults (what the widget shows when a field is unset), validation
// matching the API's, allowed-domain parsing, and the embed snippet for the host page.
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
};

export const LOCALES: { id: string; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'fr', label: 'Français' },
  { id: 'de', label: 'Deutsch' },
  { id: 'es', label: 'Español' },
  { id: 'pt-BR', label: 'Português (Brasil)' },
];

export function withDefaults(settings: WidgetSettings): Required<WidgetSettings> {
  return { ...WIDGET_DEFAULTS, ...settings };
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

/** The two tags a host page adds before </body>. */
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
