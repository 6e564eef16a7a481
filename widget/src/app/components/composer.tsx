// Where the visitor writes: Enter sends, Shift+Enter starts a new line (and Enter while an IME is
// composing does neither). Typing is reported to the room, throttled by the controller.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { insertAt } from '../../../../ui-shared/insert-text.ts';
import { BODY_MAX } from '../client/controller.ts';
import type { Dictionary } from '../i18n.ts';
import { EmojiButton } from './emoji-button.tsx';

interface Props {
  t(key: keyof Dictionary): string;
  onSend(body: string): boolean;
  onTyping(on: boolean): void;
  inputRef: { current: HTMLTextAreaElement | null };
  /** The file button (attachment-button.tsx), when the project accepts attachments. */
  attach?: ComponentChildren;
  /** Files pasted into the text box (a screenshot). */
  onPasteFiles?(files: File[]): void;
}

export function Composer({ t, onSend, onTyping, inputRef, attach, onPasteFiles }: Props) {
  const [text, setText] = useState('');
  const tooLong = text.length > BODY_MAX;
  const submit = () => {
    if (!tooLong && onSend(text)) setText('');
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {attach}
      <EmojiButton
        t={t}
        onPick={(emoji) => {
          const input = inputRef.current;
          const next = insertAt(text, input?.selectionStart ?? text.length, input?.selectionEnd ?? text.length, emoji);
          setText(next.text);
          // After the render: the caret goes right after the emoji.
          requestAnimationFrame(() => {
            input?.focus();
            input?.setSelectionRange(next.caret, next.caret);
          });
        }}
      />
      <textarea
        ref={inputRef}
        rows={1}
        value={text}
        placeholder={t('placeholder')}
        aria-label={t('placeholder')}
        aria-invalid={tooLong}
        onInput={(e) => {
          const value = e.currentTarget.value;
          setText(value);
          onTyping(value.trim().length > 0);
        }}
        onPaste={(e) => {
          const files = Array.from(e.clipboardData?.files ?? []);
          if (files.length && onPasteFiles) {
            e.preventDefault();
            onPasteFiles(files);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="send" aria-label={t('send')} disabled={!text.trim() || tooLong}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
        </svg>
      </button>
      {tooLong ? (
        <p class="composer-error" role="alert">
          {t('messageTooLong')}
        </p>
      ) : null}
    </form>
  );
}
