// The composer: reply to the visitor or write a private note; Enter sends (optimistically, over
// the room socket), Shift+Enter breaks the line, "/shortcut" offers the project's canned responses,
// and in a private note "@name" offers the teammates to mention.
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef } from 'react';
import { insertAt } from '../../../../../ui-shared/insert-text.ts';
import { cn } from '../../../lib/cn.ts';
import { useAutoGrow } from '../hooks/use-auto-grow.ts';
import { useMentionSuggestions } from '../hooks/use-mention-suggestions.ts';
import { useSlashSuggestions } from '../hooks/use-slash-suggestions.ts';
import type { Uploads } from '../hooks/use-uploads.ts';
import { type ComposerMode, useComposerStore } from '../stores/composer-store.ts';
import { type CannedResponse, insertCanned, type TemplateValues } from '../utils/canned.ts';
import { composerKeyAction, sendableBody } from '../utils/composer-keys.ts';
import { insertMention, mentionedIds, type Teammate } from '../utils/mentions.ts';
import { AttachmentButton } from './attachment-button.tsx';
import { CannedSuggestionList } from './canned-suggestion-list.tsx';
import { ComposerModeTabs } from './composer-mode-tabs.tsx';
import { ComposerSendBar } from './composer-send-bar.tsx';
import { ComposerTextarea } from './composer-textarea.tsx';
import { EmojiPicker } from './emoji-picker.tsx';
import { MentionSuggestionList } from './mention-suggestion-list.tsx';
import { UploadTray } from './upload-tray.tsx';

export function Composer({
  conversationId,
  cannedResponses,
  templateValues,
  team = [],
  meId,
  disabled,
  onSend,
  onTyping,
  onStopTyping,
  uploads,
}: {
  conversationId: string;
  cannedResponses: CannedResponse[];
  templateValues: TemplateValues;
  /** Teammates a private note may mention with "@" (I am left out of the suggestions). */
  team?: readonly Teammate[];
  meId: string;
  disabled?: string | null;
  /** `mentions`: user ids, only ever for a private note. */
  onSend: (body: string, isPrivate: boolean, mentions?: string[]) => void;
  onTyping: (isPrivate: boolean) => void;
  onStopTyping: () => void;
  /** Attachments (hooks/use-uploads.ts): the file button, paste, and the uploads in flight. */
  uploads?: Uploads;
}) {
  const draft = useComposerStore((s) => s.drafts[conversationId] ?? '');
  const mode: ComposerMode = useComposerStore((s) => s.modes[conversationId] ?? 'reply');
  const focusRequest = useComposerStore((s) => s.focusRequest);
  const setDraft = useComposerStore((s) => s.setDraft);
  const setMode = useComposerStore((s) => s.setMode);
  const pickMention = useComposerStore((s) => s.pickMention);
  const clearMentions = useComposerStore((s) => s.clearMentions);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const note = mode === 'note';

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus on request and on conversation change
  useEffect(() => {
    textarea.current?.focus();
  }, [focusRequest, conversationId]);
  useAutoGrow(textarea, draft, 220);

  // Where the caret goes once a draft this composer rewrote (a pick, an emoji) is in the textarea:
  // set in a layout effect, so before the next key is handled. A frame later (as it was), keys
  // typed at once after a pick landed at the end of the text and the caret then jumped back.
  const caret = useRef<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the draft on screen changes
  useLayoutEffect(() => {
    const at = caret.current;
    const el = textarea.current;
    if (at === null || !el) return;
    caret.current = null;
    el.focus();
    el.setSelectionRange(at, at);
  }, [draft]);
  const replaceDraft = (result: { text: string; cursor: number }) => {
    if (result.text === draft) {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(result.cursor, result.cursor);
      return;
    }
    caret.current = result.cursor;
    setDraft(conversationId, result.text);
  };
  const slash = useSlashSuggestions(cannedResponses, (response, token) =>
    replaceDraft(insertCanned(draft, token, response, templateValues)),
  );
  const mention = useMentionSuggestions(team, meId, note, (teammate, token) => {
    pickMention(conversationId, teammate);
    replaceDraft(insertMention(draft, token, teammate.name));
  });
  // One list at a time: a token starts with "/" or with "@", never both.
  const suggesting = mention.open ? mention : slash.open ? slash : null;
  const track = (text: string, cursor: number) => {
    slash.track(text, cursor);
    mention.track(text, cursor);
  };
  const closeLists = () => {
    slash.close();
    mention.close();
  };

  const submit = () => {
    const body = sendableBody(draft, disabled);
    if (body === null) return;
    // Read now, not from the render: a pick just made is in the store before React re-renders.
    const picks = useComposerStore.getState().mentionPicks[conversationId] ?? [];
    const mentions = note ? mentionedIds(body, picks) : [];
    if (mentions.length > 0) onSend(body, note, mentions);
    else onSend(body, note);
    setDraft(conversationId, '');
    clearMentions(conversationId);
    closeLists();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const press = { key: event.key, shiftKey: event.shiftKey, isComposing: event.nativeEvent.isComposing };
    const action = composerKeyAction(press, suggesting !== null);
    if (action === 'leave') event.currentTarget.blur();
    else if (action !== null) {
      event.preventDefault();
      if (action === 'send') submit();
      else suggesting?.onKey(action);
    }
  };

  return (
    <div className="border-t border-slate-200 bg-white px-3 pt-2 pb-3 md:px-5 md:pb-4">
      <ComposerModeTabs
        mode={mode}
        onSelect={(m) => {
          setMode(conversationId, m);
          mention.close();
          textarea.current?.focus();
        }}
      />
      <div
        className={cn(
          'relative rounded-xl ring-1 transition-shadow focus-within:ring-2',
          note
            ? 'bg-amber-50/60 ring-amber-300 focus-within:ring-amber-400'
            : 'bg-white ring-slate-300 focus-within:ring-brand-600',
        )}
      >
        {mention.open && (
          <MentionSuggestionList
            suggestions={mention.suggestions}
            highlight={mention.highlight}
            onChoose={mention.choose}
            onHighlight={mention.setHighlight}
          />
        )}
        {slash.open && !mention.open && (
          <CannedSuggestionList
            suggestions={slash.suggestions}
            highlight={slash.highlight}
            onChoose={slash.choose}
            onHighlight={slash.setHighlight}
          />
        )}
        {uploads && <UploadTray items={uploads.items} onDismiss={uploads.dismiss} />}
        <ComposerTextarea
          ref={textarea}
          draft={draft}
          note={note}
          disabled={disabled}
          onDraftChange={(text, cursor) => {
            setDraft(conversationId, text);
            track(text, cursor);
            if (text) onTyping(note);
            else onStopTyping();
          }}
          onCursorMove={track}
          onBlur={() => {
            closeLists();
            onStopTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={(event) => {
            const files = Array.from(event.clipboardData.files);
            if (files.length && uploads?.limits) {
              event.preventDefault();
              uploads.add(files);
            }
          }}
        />
        <div className="absolute bottom-2 left-2 flex items-center gap-0.5">
          {uploads?.limits && (
            <AttachmentButton limits={uploads.limits} disabled={Boolean(disabled)} onFiles={uploads.add} />
          )}
          <EmojiPicker
            disabled={Boolean(disabled)}
            onPick={(emoji) => {
              const el = textarea.current;
              const next = insertAt(draft, el?.selectionStart ?? draft.length, el?.selectionEnd ?? draft.length, emoji);
              replaceDraft({ text: next.text, cursor: next.caret });
            }}
          />
        </div>
        <ComposerSendBar draft={draft} note={note} disabled={Boolean(disabled)} onSend={submit} />
      </div>
    </div>
  );
}
