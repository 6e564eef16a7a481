// The emoji picker: a search box and a grid of emoji buttons, over the emoji list that
// emoji-button.tsx loads lazily (`list`: the list is a chunk of its own that imports nothing, so
// the widget's first load carries none of it). Keyboard: it opens with focus in the search box, ArrowDown enters the
// grid, arrows/Home/End move in it, Enter or Space picks, Escape closes (focus returns to the button).
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Emoji } from '../../../../ui-shared/emoji.ts';
import { adoptSheet } from '../adopt-sheet.ts';
import type { Dictionary } from '../i18n.ts';

/** The lazily loaded module: the list, its search and the grid's keyboard moves. */
export type EmojiList = typeof import('../../../../ui-shared/emoji.ts');

export interface EmojiPickerProps {
  list: EmojiList;
  /** The picker's own styles (emoji-picker.css, loaded with the list). */
  css: string;
  t(key: keyof Dictionary): string;
  onPick(emoji: string): void;
  onClose(): void;
}

export function EmojiPicker({ list, css, t, onPick, onClose }: EmojiPickerProps) {
  const { EMOJI_GROUPS, gridMove, searchEmoji } = list;
  const [query, setQuery] = useState('');
  const grid = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLDivElement>(null);
  // Its styles join the widget's shadow root as an adopted sheet: a <style> would need the host
  // page's CSP to allow 'unsafe-inline'.
  useLayoutEffect(() => {
    const root = picker.current?.getRootNode();
    if (root instanceof ShadowRoot) adoptSheet(root, 'emoji', css);
  }, [css]);
  // Preact does not act on autoFocus after the page loaded: focus goes into the picker by hand.
  useEffect(() => search.current?.focus(), []);
  const shown: readonly Emoji[] = useMemo(
    () => (query.trim() ? searchEmoji(query) : EMOJI_GROUPS.flatMap((g) => g.emoji)),
    [query, EMOJI_GROUPS, searchEmoji],
  );
  const buttons = () => Array.from(grid.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
  return (
    <div
      ref={picker}
      class="emoji-picker"
      role="dialog"
      aria-label={t('emoji')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          // The panel would close on Escape: only the picker does.
          e.stopPropagation();
          e.preventDefault();
          onClose();
        }
      }}
    >
      <input
        type="search"
        class="emoji-search"
        placeholder={t('emojiSearch')}
        aria-label={t('emojiSearch')}
        value={query}
        ref={search}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            buttons()[0]?.focus();
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const first = shown[0];
            if (first) onPick(first.char);
          }
        }}
      />
      <div
        class="emoji-grid"
        ref={grid}
        role="toolbar"
        aria-label={t('emoji')}
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
        {shown.length === 0 ? <p class="emoji-none">{t('emojiNone')}</p> : null}
        {shown.map((e, i) => (
          <button
            key={e.char}
            type="button"
            class="emoji"
            title={e.name}
            aria-label={e.name}
            // One tab stop for the grid: the arrows move inside it.
            tabIndex={i === 0 ? 0 : -1}
            onClick={() => onPick(e.char)}
          >
            {e.char}
          </button>
        ))}
      </div>
    </div>
  );
}
