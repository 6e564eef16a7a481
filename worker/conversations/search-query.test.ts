import { describe, expect, it } from 'vitest';
import { MAX_TERMS, searchText } from './search-query.ts';

describe('searchText', () => {
  it('keeps words, "phrases", -exclusions and or between terms', () => {
    expect(searchText('refund')).toBe('refund');
    expect(searchText('  refund   order ')).toBe('refund order');
    expect(searchText('"late delivery" refund')).toBe('"late delivery" refund');
    expect(searchText('refund -paypal')).toBe('refund -paypal');
    expect(searchText('refund -"credit card"')).toBe('refund -"credit card"');
    expect(searchText('refund or return')).toBe('refund or return');
    expect(searchText('Größe 日本語 2fa')).toBe('Größe 日本語 2fa');
  });

  it('drops whatever Postgres would read as operators or punctuation', () => {
    expect(searchText('-'.repeat(40))).toBeNull();
    expect(searchText('- '.repeat(60))).toBeNull();
    expect(searchText('!!! ((( ))) &&& ||| <-> :*')).toBeNull();
    expect(searchText('a & b | !c')).toBe('a b c');
    expect(searchText('refund:* <->order')).toBe('refund order');
    expect(searchText("'; drop table messages; --")).toBe('drop table messages');
    expect(searchText('e-mail')).toBe('"e mail"');
    expect(searchText('"unclosed phrase')).toBe('"unclosed phrase"');
    expect(searchText('""""')).toBeNull();
  });

  it('keeps or only between two terms, never before an exclusion', () => {
    expect(searchText('or')).toBeNull();
    expect(searchText('or refund')).toBe('refund');
    expect(searchText('refund or')).toBe('refund');
    expect(searchText('refund or or return')).toBe('refund or return');
    expect(searchText('refund or -return')).toBe('refund -return');
  });

  it('needs a term to look for: exclusions alone search nothing', () => {
    expect(searchText('-refund')).toBeNull();
    expect(searchText('-refund -"credit card"')).toBeNull();
  });

  it(`stops at ${MAX_TERMS} terms`, () => {
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' -');
    const out = searchText(many) ?? '';
    expect(out.split(' ')).toHaveLength(MAX_TERMS);
    expect(out.startsWith('w0 -w1')).toBe(true);
  });
});
