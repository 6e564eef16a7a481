// The dashboard's colour scheme: the agent's preference (system, light, dark), kept in
// localStorage so public/theme.js can apply it before the first paint, and on the account
// (PATCH /api/me) so it follows them to other devices. It resolves to <html data-theme>, which
// index.css turns into the light or dark palette.
import { useSyncExternalStore } from 'react';
import { THEME_PREFERENCES, type ThemePreference } from '../../../contract/enums.ts';

const KEY = 'parley:theme';
const listeners = new Set<() => void>();
const systemDark = () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

function read(): ThemePreference {
  try {
    const value = localStorage.getItem(KEY);
    return (THEME_PREFERENCES as readonly string[]).includes(value ?? '') ? (value as ThemePreference) : 'system';
  } catch {
    return 'system';
  }
}

let preference: ThemePreference = read();

/** Sets data-theme on <html> from the preference (and the system's scheme for `system`). */
function apply(): void {
  const dark = preference === 'dark' || (preference === 'system' && systemDark());
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function getThemePreference(): ThemePreference {
  return preference;
}

/** Applies and remembers a preference locally (the caller saves it on the account). */
export function setThemePreference(next: ThemePreference): void {
  preference = next;
  try {
    if (next === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
  } catch {
    // Private mode: the preference lasts as long as the page.
  }
  apply();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useThemePreference(): ThemePreference {
  return useSyncExternalStore(subscribe, getThemePreference);
}

/** Follows the system's scheme while the preference is `system`; called once at start. */
export function watchSystemTheme(): void {
  apply();
  if (typeof matchMedia !== 'function') return;
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (preference === 'system') apply();
  });
}
