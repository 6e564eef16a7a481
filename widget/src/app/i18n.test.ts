// Locales: the first supported candidate wins, every language has every phrase with the same placeholders.
import { describe, expect, it } from 'vitest';
import { dictionaries, pickLocale, translate } from './i18n.ts';

describe('pickLocale', () => {
  it('takes the first supported language among the candidates', () => {
    expect(pickLocale(undefined, 'fr-CA', ['de-DE'])).toBe('fr');
    expect(pickLocale('es', ['it', 'de-AT'])).toBe('de');
    expect(pickLocale('zh', undefined)).toBe('en');
  });
});

describe('dictionaries', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it('translate every phrase with the same placeholders as English', () => {
    const en = dictionaries.en;
    if (!en) throw new Error('no English');
    for (const [lang, dict] of Object.entries(dictionaries)) {
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(dict[key], `${lang}.${key}`).toBeTruthy();
        expect(placeholders(dict[key]), `${lang}.${key}`).toEqual(placeholders(en[key]));
      }
    }
  });

  it('fills placeholders', () => {
    expect(translate('fr', 'typing', { name: 'Ada' })).toBe('Ada est en train d’écrire…');
    expect(translate('de', 'titleNotice', { count: 2 })).toBe('(2) Neue Nachricht');
  });
});
