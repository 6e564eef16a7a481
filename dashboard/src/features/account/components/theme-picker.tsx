// System / Light / Dark: the dashboard's colour scheme. Applies at once (lib/theme.ts, also
// remembered in this browser) and is saved on the account; a saved preference from another device
// is adopted when the account loads (useAccountTheme).
import { useEffect } from 'react';
import type { ThemePreference } from '../../../../../contract/enums.ts';
import { MonitorIcon, MoonIcon, SunIcon } from '../../../components/ui/icons.tsx';
import { cn } from '../../../lib/cn.ts';
import { getThemePreference, setThemePreference, useThemePreference } from '../../../lib/theme.ts';
import { useUpdateProfile } from '../api/update-profile.ts';

const OPTIONS: { value: ThemePreference; label: string; icon: typeof SunIcon }[] = [
  { value: 'system', label: 'System', icon: MonitorIcon },
  { value: 'light', label: 'Light', icon: SunIcon },
  { value: 'dark', label: 'Dark', icon: MoonIcon },
];

/** Adopts the account's saved preference when it differs from this browser's. */
export function useAccountTheme(saved: ThemePreference | undefined): void {
  useEffect(() => {
    if (saved && saved !== getThemePreference()) setThemePreference(saved);
  }, [saved]);
}

export function ThemePicker({ variant = 'card' }: { variant?: 'card' | 'sidebar' }) {
  const current = useThemePreference();
  const update = useUpdateProfile();
  const choose = (theme: ThemePreference) => {
    setThemePreference(theme);
    update.mutate({ theme });
  };
  const sidebar = variant === 'sidebar';
  return (
    <div
      role="radiogroup"
      aria-label="Theme"
      className={cn('flex rounded-lg p-0.5', sidebar ? 'bg-white/5' : 'w-fit bg-slate-100')}
      data-testid="theme-picker"
    >
      {OPTIONS.map(({ value, label, icon: Icon }) => {
        const checked = current === value;
        return (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control of buttons, not radio inputs
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={checked}
            title={sidebar ? `${label} theme` : undefined}
            aria-label={sidebar ? `${label} theme` : undefined}
            onClick={() => choose(value)}
            className={cn(
              'flex flex-1 items-center justify-center gap-1.5 rounded-md font-medium transition-colors',
              sidebar ? 'px-2 py-1.5' : 'px-3 py-1.5 text-sm',
              sidebar
                ? checked
                  ? 'bg-white/15 text-white'
                  : 'text-slate-400 hover:text-slate-200'
                : checked
                  ? 'bg-white text-slate-900 shadow-sm'
                  : 'text-slate-600 hover:text-slate-900',
            )}
          >
            <Icon size={sidebar ? 15 : 16} />
            {!sidebar && label}
          </button>
        );
      })}
    </div>
  );
}
