// Cleaning visitor context: only http(s) URLs without credentials, bounded printable text.
import { describe, expect, it } from 'vitest';
import { CONTEXT_LIMITS, cleanText, cleanUrl, isBareOrigin, pageFromHeaders } from './context.ts';

describe('visitor context cleaning', () => {
  it('keeps http(s) URLs and drops credentials, other schemes and garbage', () => {
    expect(cleanUrl('https://shop.example.com/cart?id=1#x')).toBe('https://shop.example.com/cart?id=1#x');
    expect(cleanUrl('https://user:pw@example.com/a')).toBe('https://example.com/a');
    expect(cleanUrl('javascript:alert(1)')).toBeNull();
    expect(cleanUrl('data:text/html,hi')).toBeNull();
    expect(cleanUrl('not a url')).toBeNull();
    expect(cleanUrl(`https://example.com/${'a'.repeat(CONTEXT_LIMITS.url)}`)).toBeNull();
    expect(cleanUrl(undefined)).toBeNull();
  });

  it('strips control characters and bounds text', () => {
    expect(cleanText('  Cart\n— Shop\u0000 ', 300)).toBe('Cart — Shop');
    expect(cleanText('x'.repeat(400), 300)).toHaveLength(300);
    expect(cleanText('   ', 10)).toBeNull();
  });

  it('takes the page from the Referer, else the Origin', () => {
    expect(pageFromHeaders('https://shop.example.com/help', 'https://shop.example.com')).toBe(
      'https://shop.example.com/help',
    );
    expect(pageFromHeaders(undefined, 'https://shop.example.com')).toBe('https://shop.example.com/');
    expect(pageFromHeaders('garbage', undefined)).toBeNull();
    expect(isBareOrigin('https://shop.example.com/')).toBe(true);
    expect(isBareOrigin('https://shop.example.com/help')).toBe(false);
  });
});
