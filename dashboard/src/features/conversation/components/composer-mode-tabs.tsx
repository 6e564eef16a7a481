// The composer's Reply / Private note switch, with the key hints beside it on wide screens.
import { LockIcon } from '../../../components/ui/icons.tsx';
import { Kbd } from '../../../components/ui/kbd.tsx';
import { cn } from '../../../lib/cn.ts';
import type { ComposerMode } from '../stores/composer-store.ts';

const MODES: ComposerMode[] = ['reply', 'note'];

export function ComposerModeTabs({ mode, onSelect }: { mode: ComposerMode; onSelect: (mode: ComposerMode) => void }) {
  return (
    <div className="flex items-center gap-1 pb-2" role="tablist" aria-label="Composer mode">
      {MODES.map((m) => (
        <button
          key={m}
          type="button"
          role="tab"
          aria-selected={mode === m}
          onClick={() => onSelect(m)}
          className={cn(
            'inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-xs font-medium whitespace-nowrap transition-colors',
            mode === m
              ? m === 'note'
                ? 'bg-amber-100 text-amber-900'
                : 'bg-brand-50 text-brand-700'
              : 'text-slate-500 hover:bg-slate-100',
          )}
        >
          {m === 'note' && <LockIcon size={12} />}
          {m === 'reply' ? 'Reply' : 'Private note'}
        </button>
      ))}
      <span className="ml-auto hidden items-center gap-1 text-[11px] whitespace-nowrap text-slate-500 2xl:flex">
        {mode === 'note' ? (
          <>
            <Kbd>@</Kbd> mention a teammate
          </>
        ) : (
          <>
            <Kbd>/</Kbd> canned responses
          </>
        )}{' '}
        <span className="mx-1">·</span> <Kbd>Shift</Kbd>+<Kbd>Enter</Kbd> new line
      </span>
    </div>
  );
}
