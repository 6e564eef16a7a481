// Turns the project's colour setting into the two CSS custom properties the stylesheet uses:
// the brand colour and a text colour readable on it. Only #rgb / #rrggbb is accepted.

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
export const DEFAULT_COLOR = '#4f46e5';

export function brandColor(setting: string | undefined): string {
  return setting && HEX.test(setting) ? setting.toLowerCase() : DEFAULT_COLOR;
}

/** Black or white, whichever contrasts more with the colour (WCAG relative luminance). */
export function textOn(color: string): '#ffffff' | '#111111' {
  let hex = color.slice(1);
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // Contrast with white is 1.05 / (L + 0.05); with near-black (#111, L≈0.0056) it is (L + 0.05) / 0.0556.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0556 ? '#ffffff' : '#111111';
}
