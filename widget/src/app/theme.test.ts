// The brand colour setting: only hex colours pass, and the text on it stays readable.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../contract/frames.ts';
import { BODY_MAX } from './client/controller.ts';
import { accentOn, brandColor, contrast, DEFAULT_COLOR, isDark, SURFACE, textOn } from './theme.ts';

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

describe('dark theme', () => {
  it('follows the setting, or the device under auto', () => {
    expect(isDark('dark', false)).toBe(true);
    expect(isDark('light', true)).toBe(false);
    expect(isDark('auto', true)).toBe(true);
    expect(isDark(undefined, false)).toBe(false);
  });

  it('keeps the accent 3:1 from the panel, lightening it on dark and darkening it on light', () => {
    for (const color of ['#4f46e5', '#0f172a', '#000000', '#ffeb3b', '#ffffff', '#e11d48']) {
      for (const surface of [SURFACE.light, SURFACE.dark]) {
        expect(contrast(accentOn(color, surface), surface)).toBeGreaterThanOrEqual(3);
      }
    }
    expect(accentOn('#e11d48', SURFACE.light)).toBe('#e11d48');
    expect(accentOn('#0f172a', SURFACE.dark)).not.toBe('#0f172a');
  });

  it('the text on the accent is readable (4.5:1) for the dashboard swatches', () => {
    for (const color of ['#4f46e5', '#0ea5e9', '#059669', '#d97706', '#e11d48', '#7c3aed', '#0f172a']) {
      expect(contrast(textOn(color), color)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
