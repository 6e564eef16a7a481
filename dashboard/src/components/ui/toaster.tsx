// Renders the toast stack where it never covers a composer: at the bottom left from md up (over the
// navigation and the inbox list, never the conversation's composer and its Send button), at the
// top on a phone, where the composer spans the whole bottom.
import { cn } from '../../lib/cn.ts';
import { useToastStore } from '../../stores/toast-store.ts';
import { AlertIcon, BellIcon, CircleCheckIcon, XIcon } from './icons.tsx';

export function Toaster() {
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <div
      className="pointer-events-none fixed inset-x-4 top-4 z-50 flex flex-col gap-2 md:inset-x-auto md:top-auto md:bottom-4 md:left-4 md:w-80"
      data-testid="toaster"
      aria-live="polite"
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          className={cn(
            'pointer-events-auto flex items-start gap-2.5 rounded-lg bg-slate-900 px-3.5 py-3 text-sm text-white shadow-lg',
          )}
          role={t.tone === 'error' ? 'alert' : 'status'}
        >
          <span
            className={cn(
              'mt-0.5',
              t.tone === 'error' ? 'text-red-400' : t.onOpen ? 'text-sky-300' : 'text-emerald-400',
            )}
          >
            {t.tone === 'error' ? (
              <AlertIcon size={16} />
            ) : t.onOpen ? (
              <BellIcon size={16} />
            ) : (
              <CircleCheckIcon size={16} />
            )}
          </span>
          {t.onOpen ? (
            <button
              type="button"
              className="min-w-0 flex-1 text-left"
              data-testid="toast-open"
              onClick={() => {
                t.onOpen?.();
                dismiss(t.id);
              }}
            >
              <span className="block font-medium">{t.message}</span>
              {t.detail && <span className="mt-0.5 line-clamp-2 block break-words text-slate-300">{t.detail}</span>}
            </button>
          ) : (
            <p className="flex-1">{t.message}</p>
          )}
          <button
            type="button"
            className="text-slate-400 hover:text-white"
            onClick={() => dismiss(t.id)}
            aria-label="Dismiss"
          >
            <XIcon size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
