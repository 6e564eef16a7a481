// The composer's emoji button and its picker. The emoji list (ui-shared/emoji.ts, the bulk of it)
// loads on first use with a dynamic import, so the widget's first load does not carry it. The
// picked emoji goes where the caret was.
import { useRef, useState } from 'preact/hooks';
import type { Dictionary } from '../i18n.ts';
import { type EmojiList, EmojiPicker } from './emoji-picker.tsx';

/** The list and the picker's styles, fetched once, on first use. */
type Loaded = { list: EmojiList; css: string };
let loading: Promise<Loaded> | null = null;
const load = () => {
  loading ??= Promise.all([import('../../../../ui-shared/emoji.ts'), import('./emoji-picker.css?inline')]).then(
    ([list, css]) => ({ list, css: css.default }),
  );
  return loading;
};

interface Props {
  t(key: keyof Dictionary): string;
  onPick(emoji: string): void;
}

export function EmojiButton({ t, onPick }: Props) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div class="emoji-wrap">
      <button
        type="button"
        class="emoji-toggle"
        ref={button}
        aria-label={t('emoji')}
        aria-expanded={open}
        aria-haspopup="dialog"
        onKeyDown={(e) => {
          // Escape on the button closes the open picker, not the chat panel around it.
          if (e.key === 'Escape' && open) {
            e.stopPropagation();
            e.preventDefault();
            close();
          }
        }}
        onClick={() => {
          if (open) return close();
          setOpen(true);
          if (!loaded) void load().then(setLoaded);
        }}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16Zm-3.5-9a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3Zm7 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3ZM12 17.5c2.3 0 4.3-1.4 5.1-3.5H6.9c.8 2.1 2.8 3.5 5.1 3.5Z" />
        </svg>
      </button>
      {open && loaded ? (
        <EmojiPicker
          list={loaded.list}
          css={loaded.css}
          t={t}
          onClose={close}
          onPick={(emoji) => {
            setOpen(false);
            onPick(emoji);
          }}
        />
      ) : null}
    </div>
  );
}
