// Message text becomes text and http(s) links only: markup stays characters, other schemes stay text.
// The widget and the dashboard both render with these rules.
import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './linkify.ts';

describe('linkify', () => {
  it('leaves markup as plain text', () => {
    const text = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    expect(linkify(text)).toEqual([{ at: 0, text }]);
  });

  it('links http and https URLs and keeps the text around them', () => {
    expect(linkify('see https://example.com/a?b=1 and http://x.test.')).toEqual([
      { at: 0, text: 'see ' },
      { at: 4, text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { at: 29, text: ' and ' },
      { at: 34, text: 'http://x.test', href: 'http://x.test/' },
      { at: 47, text: '.' },
    ]);
  });

  it('never links javascript:, data: or other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://x.test/f', 'JaVaScRiPt:alert(1)']) {
      expect(linkify(text).every((s) => s.href === undefined)).toBe(true);
    }
  });

  it('keeps a closing parenthesis that belongs to the URL and drops sentence punctuation', () => {
    const segments = linkify('(see https://en.wikipedia.org/wiki/Foo_(bar)).');
    expect(segments.find((s) => s.href)?.text).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
    expect(segments.at(-1)?.text).toBe(').');
  });

  it('does not let quotes or angle brackets into an href', () => {
    const link = linkify('https://x.test/"onmouseover="alert(1)').find((s) => s.href);
    expect(link?.href).toBe('https://x.test/');
  });
});

describe('safeHref', () => {
  it('accepts only http and https', () => {
    expect(safeHref('https://a.test/x')).toBe('https://a.test/x');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
