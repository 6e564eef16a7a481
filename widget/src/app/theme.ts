// Turns the project's colour and theme settings into what the stylesheet uses: the brand colour,
// a text colour readable on it, the brand colour as a mark readable on the panel (light or dark),
// and whether the panel is dark. Only #rgb / #rrggbb is accepted.
import type { WidgetTheme } from '../../../contract/widget-settings.ts';

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
export const DEFAULT_COLOR = '#4f46e5';
/** The panel's background in each theme (styles.css --bg). */
export const SURFACE = { light: '#ffffff', dark: '#1c2130' } as const;

export function brandColor(setting: string | undefined): string {
  return setting && HEX.test(setting) ? setting.toLowerCase() : DEFAULT_COLOR;
}

const rgb = (color: string): number[] => {
  let hex = color.slice(1);
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
};

/** WCAG relative luminance. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = rgb(color).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** Black or white, whichever contrasts more with the colour (WCAG relative luminance). */
export function textOn(color: string): '#ffffff' | '#111111' {
  return contrast(color, '#ffffff') >= contrast(color, '#111111') ? '#ffffff' : '#111111';
}

/**
 * The accent as a mark on the panel (focus rings): the colour itself when it stands 3:1 apart from
 * the surface (WCAG non-text contrast), else mixed towards white (dark panel) or black (light
 * panel) until it does.
 */
export function accentOn(color: string, surface: string): string {
  const towards = luminance(surface) < 0.5 ? 255 : 0;
  const from = rgb(color);
  for (let step = 0; step <= 10; step++) {
    const mixed = `#${from
      .map((v) =>
        Math.round(v + ((towards - v) * step) / 10)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
    if (contrast(mixed, surface) >= 3) return mixed;
  }
  return towards ? '#ffffff' : '#000000';
}

/** Whether the panel is dark: the project's setting, or the visitor's device under `auto`. */
export function isDark(theme: WidgetTheme | undefined, prefersDark: boolean): boolean {
  return theme === 'dark' || (theme !== 'light' && prefersDark);
}
