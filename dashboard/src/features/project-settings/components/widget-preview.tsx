// A live preview of the widget with the settings being edited: launcher, open panel, greeting,
// pre-chat form — drawn on a mock host page, in the chosen colour, corner and theme (the panel takes
// the dashboard's light or dark palette, index.css `palette-light`/`palette-dark`; auto follows the
// dashboard's own). The header is the live widget's: its words (in the chosen language) and colours
// come from the widget's own modules.
import { useEffect, useState } from 'react';
import { loadLocale, pickLocale, translate } from '../../../../../widget/src/app/i18n.ts';
import { brandColor, textOn } from '../../../../../widget/src/app/theme.ts';
import { cn } from '../../../lib/cn.ts';
import type { WidgetSettings } from '../api/get-settings.ts';

export function WidgetPreview({ settings, away }: { settings: Required<WidgetSettings>; away: boolean }) {
  const color = brandColor(settings.color);
  const ink = textOn(color);
  const locale = pickLocale(settings.locale);
  // Re-render once the language's words have loaded (the widget loads them the same way).
  const [, setLoaded] = useState('en');
  useEffect(() => {
    void loadLocale(locale).then(() => setLoaded(locale));
  }, [locale]);
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const left = settings.position === 'left';
  return (
    <div
      className="relative h-[34rem] overflow-hidden rounded-xl bg-slate-100 ring-1 ring-slate-200"
      data-testid="widget-preview"
      data-theme-preview={settings.theme}
    >
      <div className="flex h-8 items-center gap-1.5 border-b border-slate-200 bg-white px-3">
        <span className="size-2.5 rounded-full bg-red-300" />
        <span className="size-2.5 rounded-full bg-amber-300" />
        <span className="size-2.5 rounded-full bg-emerald-300" />
        <span className="ml-3 h-4 flex-1 rounded bg-slate-100" />
      </div>
      <div className="space-y-3 p-6" aria-hidden="true">
        <div className="h-5 w-1/3 rounded bg-slate-200" />
        <div className="h-3 w-2/3 rounded bg-slate-200" />
        <div className="h-3 w-1/2 rounded bg-slate-200" />
        <div className="mt-6 grid grid-cols-3 gap-3">
          <div className="h-20 rounded-lg bg-slate-200" />
          <div className="h-20 rounded-lg bg-slate-200" />
          <div className="h-20 rounded-lg bg-slate-200" />
        </div>
      </div>
      <div
        className={cn(
          'absolute bottom-20 flex w-72 flex-col overflow-hidden rounded-2xl bg-white text-slate-900 shadow-2xl ring-1 ring-black/5',
          left ? 'left-4' : 'right-4',
          settings.theme === 'dark' && 'palette-dark',
          settings.theme === 'light' && 'palette-light',
        )}
      >
        <div
          className="flex items-center gap-2.5 py-3.5 pr-3.5 pl-[18px]"
          style={{ background: color, color: ink }}
          data-testid="preview-header"
        >
          <div className="min-w-0 flex-1">
            <p className="truncate text-base leading-snug font-bold">{t('title')}</p>
            <p className="mt-0.5 text-xs opacity-85">{away ? t('subtitleAway') : t('subtitleOnline')}</p>
          </div>
          <svg viewBox="0 0 24 24" className="size-5 fill-current" aria-hidden="true">
            <path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
          </svg>
        </div>
        <div className="space-y-2 bg-slate-50 px-3 py-3">
          <div
            className="w-fit max-w-[85%] rounded-2xl rounded-tl-sm bg-white px-3 py-2 text-xs text-slate-700 shadow-sm ring-1 ring-slate-200"
            data-testid="preview-greeting"
          >
            {(away && settings.awayMessage) || settings.greeting || t('greeting')}
          </div>
          {settings.preChatForm ? (
            <div className="space-y-1.5 rounded-xl bg-white p-2.5 ring-1 ring-slate-200">
              <div className="h-6 rounded-md bg-slate-100 px-2 text-[10px] leading-6 text-slate-500">Your name</div>
              <div className="h-6 rounded-md bg-slate-100 px-2 text-[10px] leading-6 text-slate-500">Your email</div>
              <div
                className="h-6 rounded-md text-center text-[10px] leading-6 font-medium"
                style={{ background: color, color: ink }}
              >
                Start the conversation
              </div>
            </div>
          ) : (
            <div
              className="ml-auto w-fit max-w-[85%] rounded-2xl rounded-tr-sm px-3 py-2 text-xs"
              style={{ background: color, color: ink }}
            >
              Hi! I have a question about my order.
            </div>
          )}
        </div>
        <div className="flex items-center gap-2 border-t border-slate-100 px-3 py-2.5">
          <span className="flex-1 text-xs text-slate-500">Write a message…</span>
          <span
            className="flex size-6 items-center justify-center rounded-full"
            style={{ background: color, color: ink }}
          >
            <svg
              viewBox="0 0 24 24"
              className="size-3"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.5"
              aria-hidden="true"
            >
              <path d="m22 2-7 20-4-9-9-4Z" />
            </svg>
          </span>
        </div>
      </div>
      <div
        className={cn(
          'absolute bottom-4 flex h-12 min-w-12 items-center justify-center gap-2 rounded-full text-sm font-semibold shadow-lg',
          settings.launcherLabel ? 'px-4' : 'px-0',
          left ? 'left-4' : 'right-4',
        )}
        style={{ background: color, color: ink }}
      >
        <svg viewBox="0 0 24 24" className="size-5" fill="currentColor" aria-hidden="true">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
        </svg>
        {settings.launcherLabel}
      </div>
    </div>
  );
}
