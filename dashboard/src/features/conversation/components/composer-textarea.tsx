// The composer's text box: its placeholder and label follow the mode (reply or private note), or
// say why the composer is disabled.
import type { ClipboardEvent, KeyboardEvent, RefObject } from 'react';

export function ComposerTextarea({
  ref,
  draft,
  note,
  disabled,
  onDraftChange,
  onCursorMove,
  onBlur,
  onKeyDown,
  onPaste,
}: {
  ref: RefObject<HTMLTextAreaElement | null>;
  draft: string;
  note: boolean;
  disabled?: string | null;
  onDraftChange: (text: string, cursor: number) => void;
  onCursorMove: (text: string, cursor: number) => void;
  onBlur: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  onPaste?: (event: ClipboardEvent<HTMLTextAreaElement>) => void;
}) {
  return (
    <textarea
      ref={ref}
      rows={2}
      value={draft}
      disabled={Boolean(disabled)}
      onChange={(e) => onDraftChange(e.target.value, e.target.selectionStart)}
      onSelect={(e) => onCursorMove(e.currentTarget.value, e.currentTarget.selectionStart)}
      onBlur={onBlur}
      onKeyDown={onKeyDown}
      onPaste={onPaste}
      placeholder={
        disabled ??
        (note
          ? 'Write a private note — only your team sees it (type @ to mention a teammate)'
          : 'Reply to the visitor… (type / for canned responses)')
      }
      aria-label={note ? 'Private note' : 'Reply'}
      data-testid="composer-input"
      className="block max-h-56 w-full resize-none border-0 bg-transparent px-3.5 pt-3 pb-12 text-base text-slate-900 md:text-sm placeholder:text-slate-400 focus:ring-0 focus:outline-none"
    />
  );
}
