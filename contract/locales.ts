// The languages the widget speaks: Settings offers exactly these, and the widget has a dictionary
// for each (widget/src/app/i18n.ts; a test ties the two). No zod: the widget imports the type.
export const WIDGET_LOCALES = [
  { id: 'en', label: 'English' },
  { id: 'fr', label: 'Français' },
  { id: 'de', label: 'Deutsch' },
  { id: 'es', label: 'Español' },
  { id: 'pt', label: 'Português' },
] as const;

export type WidgetLocale = (typeof WIDGET_LOCALES)[number]['id'];
