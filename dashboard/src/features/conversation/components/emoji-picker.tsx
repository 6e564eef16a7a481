// The composer's emoji button and picker (the list is ui-shared/emoji.ts, the widget's too): a
// search box and a grid of emoji. Keyboard: the picker opens with focus in the search box,
// ArrowDown enters the grid, arrows/Home/End move in it, Enter or Space picks, Escape closes and
// gives focus back to the button.
import { useMemo, useRef, useState } from 'react';
import { EMOJI_GROUPS, type Emoji, gridMove, searchEmoji } from '../../../../../ui-shared/emoji.ts';
import { cn } from '../../../lib/cn.ts';

export function EmojiPicker({ onPick, disabled }: { onPick: (emoji: string) => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const shown: readonly Emoji[] = useMemo(
    () => (query.trim() ? searchEmoji(query) : EMOJI_GROUPS.flatMap((g) => g.emoji)),
    [query],
  );
  const buttons = () => Array.from(grid.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
  const close = () => {
    setOpen(false);
    setQuery('');
    button.current?.focus();
  };
  const pick = (emoji: string) => {
    setOpen(false);
    setQuery('');
    onPick(emoji);
  };
  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        disabled={disabled}
        aria-label="Insert emoji"
        title="Insert emoji"
        aria-expanded={open}
        aria-haspopup="dialog"
        data-testid="emoji-button"
        onClick={() => (open ? close() : setOpen(true))}
        className="grid size-8 place-items-center rounded-md text-lg text-slate-600 hover:bg-slate-100 disabled:opacity-40"
      >
        <span aria-hidden="true">☺</span>
      </button>
      {open && (
        <div
          role="dialog"
          aria-label="Emoji"
          data-testid="emoji-picker"
          className="absolute bottom-10 left-0 z-20 flex w-72 flex-col gap-2 rounded-xl bg-white p-2 shadow-lg ring-1 ring-slate-200"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        >
          <input
            type="search"
            value={query}
            // biome-ignore lint/a11y/noAutofocus: the picker was opened to search or pick; focus goes in it
            autoFocus
            placeholder="Search emoji"
            aria-label="Search emoji"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                buttons()[0]?.focus();
              } else if (e.key === 'Enter') {
                e.preventDefault();
                const first = shown[0];
                if (first) pick(first.char);
              }
            }}
            className="rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
          />
          <div
            ref={grid}
            role="toolbar"
            aria-label="Emoji"
            className="scroll-thin grid max-h-56 grid-cols-8 overflow-y-auto"
            onKeyDown={(e) => {
              const all = buttons();
              const index = all.indexOf(e.target as HTMLButtonElement);
              if (index < 0) return;
              const to = gridMove(index, e.key, all.length);
              if (to !== null) {
                e.preventDefault();
                all[to]?.focus();
              }
            }}
          >
            {shown.length === 0 && <p className="col-span-8 py-2 text-xs text-slate-600">No emoji found</p>}
            {shown.map((e, i) => (
              <button
                key={e.char}
                type="button"
                title={e.name}
                aria-label={e.name}
                tabIndex={i === 0 ? 0 : -1}
                onClick={() => pick(e.char)}
                className={cn('rounded-md py-1 text-xl leading-none hover:bg-slate-100 focus-visible:bg-slate-100')}
              >
                {e.char}
              </button>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
