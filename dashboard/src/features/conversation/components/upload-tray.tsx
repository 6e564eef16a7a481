// Above the composer's text box: each upload with its progress and a cancel button, and each file
// refused (by the limits, before upload, or by the server) with its reason until dismissed.
import { XIcon } from '../../../components/ui/icons.tsx';
import type { UploadItem } from '../stores/upload-store.ts';

export function UploadTray({ items, onDismiss }: { items: UploadItem[]; onDismiss: (id: string) => void }) {
  if (items.length === 0) return null;
  return (
    <ul className="space-y-1.5 px-3 pt-2.5" data-testid="upload-tray">
      {items.map((item) =>
        item.error ? (
          <li
            key={item.id}
            role="alert"
            className="flex items-start gap-2 text-sm text-red-700"
            data-testid="upload-error"
          >
            <span className="min-w-0 flex-1">{item.error}</span>
            <button
              type="button"
              onClick={() => onDismiss(item.id)}
              aria-label="Dismiss"
              className="rounded p-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-700"
            >
              <XIcon size={14} />
            </button>
          </li>
        ) : (
          <li key={item.id} className="flex items-center gap-2 text-sm text-slate-700" data-testid="upload-progress">
            <span className="max-w-[45%] truncate">{item.name}</span>
            <progress
              max={1}
              value={item.progress}
              aria-label={`Uploading ${item.name}`}
              className="h-1.5 min-w-16 flex-1 overflow-hidden rounded-full accent-brand-600 [&::-moz-progress-bar]:bg-brand-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
            />
            <span className="w-9 text-right text-xs text-slate-500 tabular-nums">
              {Math.round(item.progress * 100)}%
            </span>
            <button
              type="button"
              onClick={() => item.abort?.()}
              aria-label={`Cancel upload of ${item.name}`}
              className="rounded p-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-700"
            >
              <XIcon size={14} />
            </button>
          </li>
        ),
      )}
    </ul>
  );
}
