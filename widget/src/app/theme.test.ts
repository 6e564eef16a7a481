// The brand colour setting: only hex colours pass, and the text on it stays readable.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../contract/frames.ts';
import { BODY_MAX } from './client/controller.ts';
import { brandColor, DEFAULT_COLOR, textOn } from './theme.ts';

describe('brandColor', () => {
  it('accepts #rgb and #rrggbb and falls back otherwise', () => {
    expect(brandColor('#0F766E')).toBe('#0f766e');
    expect(brandColor('#abc')).toBe('#abc');
    for (const bad of [undefined, 'red', '#12345', 'url(javascript:x)', '#fff;background:red']) {
      expect(brandColor(bad)).toBe(DEFAULT_COLOR);
    }
  });

  it('picks dark text on light colours and white on dark ones', () => {
    expect(textOn('#ffeb3b')).toBe('#111111');
    expect(textOn('#fff')).toBe('#111111');
    expect(textOn('#1e3a8a')).toBe('#ffffff');
    expect(textOn(DEFAULT_COLOR)).toBe('#ffffff');
  });
});

describe('limits', () => {
  it('the widget refuses what the room would refuse', () => {
    expect(BODY_MAX).toBe(LIMITS.bodyMax);
  });
});
