// A live preview of the widget with the settings being edited: launcher, open panel, greeting,
// pre-chat form — drawn on a mock host page, in the chosen colour, corner and theme (the panel takes
// the dashboard's light or dark palette, index.css `palette-light`/`palette-dark`; auto follows the
// dashboard's own).
import { cn } from '../../../lib/cn.ts';
import type { WidgetSettings } from '../api/get-settings.ts';

/** Black or white text, whichever reads better on the colour (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return '#ffffff';
  const [r, g, b] = [match[1], match[2], match[3]].map((h) => {
    const c = Number.parseInt(h ?? '0', 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  return luminance > 0.45 ? '#0f172a' : '#ffffff';
}

export function WidgetPreview({
  settings,
  away,
  title,
}: {
  settings: Required<WidgetSettings>;
  away: boolean;
  /** The name in the widget's header (the project's). */
  title: string;
}) {
  const color = /^#[0-9a-f]{6}$/i.test(settings.color) ? settings.color : '#4f46e5';
  const ink = readableOn(color);
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
        <div className="px-4 py-3.5" style={{ background: color, color: ink }}>
          <p className="text-sm font-semibold">{title}</p>
          <p className="text-xs opacity-80">{away ? 'We are away right now' : 'We typically reply in a few minutes'}</p>
        </div>
        <div className="space-y-2 bg-slate-50 px-3 py-3">
          <div
            className="w-fit max-w-[85%] rounded-2xl rounded-tl-sm bg-white px-3 py-2 text-xs text-slate-700 shadow-sm ring-1 ring-slate-200"
            data-testid="preview-greeting"
          >
            {(away && settings.awayMessage) || settings.greeting}
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
