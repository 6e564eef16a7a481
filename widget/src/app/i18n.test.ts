// Locales: the first supported candidate wins; every language has every phrase with the same
// placeholders; the widget speaks exactly the languages Settings offers (contract/locales.ts).
import { describe, expect, it } from 'vitest';
import { WIDGET_LOCALES } from '../../../contract/locales.ts';
import { LOCALES as SETTINGS_LOCALES } from '../../../dashboard/src/features/project-settings/utils/widget-form.ts';
import { dictionaryOf, LOCALES, loadLocale, pickLocale, translate } from './i18n.ts';

describe('pickLocale', () => {
  it('takes the first supported language among the candidates', () => {
    expect(pickLocale(undefined, 'fr-CA', ['de-DE'])).toBe('fr');
    expect(pickLocale('it', ['zh', 'es-MX'])).toBe('es');
    expect(pickLocale('pt-BR')).toBe('pt');
    expect(pickLocale('zh', undefined)).toBe('en');
  });
});

describe('languages', () => {
  it('Settings offers exactly the languages the widget has words for', () => {
    const offered = WIDGET_LOCALES.map((l) => l.id);
    expect([...LOCALES].sort()).toEqual([...offered].sort());
    expect(SETTINGS_LOCALES.map((l) => l.id)).toEqual(offered);
  });
});

describe('dictionaries', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it('translate every phrase with the same placeholders as English', async () => {
    // The lazy views' chunk brings their English words (rare-words.ts) with it.
    expect(translate('en', 'transcriptSend')).toBe('');
    await import('./components/rare-views.tsx');
    expect(translate('en', 'transcriptSend')).toBe('Request');
    const en = dictionaryOf('en');
    if (!en) throw new Error('no English');
    for (const lang of LOCALES) {
      await loadLocale(lang);
      const dict = dictionaryOf(lang);
      expect(dict, lang).toBeDefined();
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(dict?.[key], `${lang}.${key}`).toBeTruthy();
        expect(placeholders(dict?.[key] ?? ''), `${lang}.${key}`).toEqual(placeholders(en[key] ?? ''));
      }
      expect(Object.keys(dict ?? {}).sort(), lang).toEqual(Object.keys(en).sort());
    }
  });

  it('fills placeholders, in English until a language is loaded', async () => {
    await loadLocale('fr');
    await loadLocale('de');
    expect(translate('fr', 'typing', { name: 'Ada' })).toBe('Ada est en train d’écrire…');
    expect(translate('de', 'titleNotice', { count: 2 })).toBe('(2) Neue Nachricht');
    // The transcript form's closing button (it was a hard-coded English "OK").
    await loadLocale('es');
    expect(translate('es', 'ok')).toBe('Aceptar');
  });
});
