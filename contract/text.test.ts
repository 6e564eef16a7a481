import { describe, expect, it } from 'vitest';
import { isStorableText, text } from './text.ts';

describe('storable text', () => {
  it('accepts any well-formed text, astral characters included', () => {
    for (const ok of ['', 'hello', 'héllo wörld', '日本語', '😀 emoji pair', '\t\n\r', '\u0001\u007f', '\uffff']) {
      expect(isStorableText(ok), JSON.stringify(ok)).toBe(true);
    }
  });

  it('refuses NUL and unpaired surrogates anywhere in the text', () => {
    for (const bad of ['\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\ud83d', 'end\ud83d', '\ude00start', '😀\ud800']) {
      expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('is a zod string that still takes the usual checks', () => {
    const name = text().trim().min(1).max(5);
    expect(name.parse(' ab ')).toBe('ab');
    expect(name.safeParse('a\u0000').success).toBe(false);
    expect(name.safeParse('a\ud800').success).toBe(false);
    expect(name.safeParse('toolong').success).toBe(false);
    expect(name.safeParse('😀').success).toBe(true);
  });
});
