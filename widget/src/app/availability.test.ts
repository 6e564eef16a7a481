// Away mode's phrases: the measured reply time rounded for people, and the next opening.
import { beforeAll, describe, expect, it } from 'vitest';
import { backAt, headerLine, replyPhrase } from './availability.ts';
import { loadLocale } from './i18n.ts';

// The phrases live in the language chunks, which the widget loads before its first paint.
beforeAll(async () => {
  for (const lang of ['fr', 'de', 'es'] as const) await loadLocale(lang);
});

describe('replyPhrase', () => {
  it('rounds the median to a human phrase', () => {
    const m = (seconds: number) => replyPhrase('en', { kind: 'measured', seconds });
    expect(m(20)).toBe('Usually replies in under a minute');
    expect(m(75)).toBe('Usually replies in a minute');
    expect(m(240)).toBe('Usually replies in 4 minutes');
    expect(m(23 * 60)).toBe('Usually replies in 25 minutes');
    expect(m(3 * 3600 + 600)).toBe('Usually replies in 3 hours');
    expect(m(50 * 3600)).toBe('Usually replies within a day');
    expect(replyPhrase('de', { kind: 'measured', seconds: 240 })).toBe('Antwortet meist in 4 Minuten');
    expect(replyPhrase('en', { kind: 'fixed', text: 'Within the hour' })).toBe('Within the hour');
    expect(replyPhrase('en', { kind: 'none' })).toBeNull();
    // Every language Settings offers has these words (Spanish here); an unknown one speaks English.
    expect(replyPhrase('es', { kind: 'measured', seconds: 240 })).toBe('Suele responder en 4 minutos');
    expect(replyPhrase('xx', { kind: 'measured', seconds: 240 })).toBe('Usually replies in 4 minutes');
  });
});

describe('backAt', () => {
  const now = Date.parse('2026-06-01T18:00:00Z'); // Monday 20:00 in Paris
  it('says today, tomorrow or the weekday, in the given zone', () => {
    expect(backAt('en-GB', '2026-06-01T19:30:00Z', now, 'Europe/Paris')).toBe('Back today at 21:30');
    expect(backAt('en-GB', '2026-06-02T07:00:00Z', now, 'Europe/Paris')).toBe('Back tomorrow at 9:00');
    expect(backAt('en', '2026-06-02T07:00:00Z', now, 'Europe/Paris')).toBe('Back tomorrow at 9:00 AM');
    expect(backAt('en-GB', '2026-06-04T07:00:00Z', now, 'Europe/Paris')).toBe('Back Thursday at 9:00');
    expect(backAt('fr', '2026-06-02T07:00:00Z', now, 'Europe/Paris')).toBe('De retour demain à 9:00');
  });

  it('makes the header line from the state', () => {
    const away = { state: 'away' as const, reason: 'no_agents' as const, nextOpenAt: null };
    expect(headerLine('en', away, { kind: 'measured', seconds: 240 }, 'x')).toBe('We are away right now');
    const available = { state: 'available' as const, reason: null, nextOpenAt: null };
    expect(headerLine('en', available, { kind: 'measured', seconds: 240 }, 'x')).toBe('Usually replies in 4 minutes');
    expect(headerLine('en', available, { kind: 'none' }, 'fallback')).toBe('fallback');
  });
});
