// The composer: reply to the visitor or write a private note; Enter sends (optimistically, over
// the room socket), Shift+Enter breaks the line, "/shortcut" offers the project's canned responses.
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { LockIcon, SendIcon, ZapIcon } from '../../../components/ui/icons.tsx';
import { Kbd } from '../../../components/ui/kbd.tsx';
import { cn } from '../../../lib/cn.ts';
import { LIMITS } from '../../../lib/protocol.ts';
import { type ComposerMode, useComposerStore } from '../stores/composer-store.ts';
import {
  type CannedResponse,
  insertCanned,
  matchCanned,
  type SlashToken,
  slashTokenAt,
  type TemplateValues,
} from '../utils/canned.ts';

export function Composer({
  conversationId,
  cannedResponses,
  templateValues,
  disabled,
  onSend,
  onTyping,
  onStopTyping,
}: {
  conversationId: string;
  cannedResponses: CannedResponse[];
  templateValues: TemplateValues;
  disabled?: string | null;
  onSend: (body: string, isPrivate: boolean) => void;
  onTyping: (isPrivate: boolean) => void;
  onStopTyping: () => void;
}) {
  const draft = useComposerStore((s) => s.drafts[conversationId] ?? '');
  const mode: ComposerMode = useComposerStore((s) => s.modes[conversationId] ?? 'reply');
  const focusRequest = useComposerStore((s) => s.focusRequest);
  const setDraft = useComposerStore((s) => s.setDraft);
  const setMode = useComposerStore((s) => s.setMode);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [token, setToken] = useState<SlashToken | null>(null);
  const [highlight, setHighlight] = useState(0);
  const note = mode === 'note';

  const suggestions = useMemo(() => (token ? matchCanned(cannedResponses, token.query) : []), [token, cannedResponses]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus on request and on conversation change
  useEffect(() => {
    textarea.current?.focus();
  }, [focusRequest, conversationId]);

  // Grow with the text up to a limit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the draft changes
  useEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 220)}px`;
  }, [draft]);

  const updateToken = (text: string, cursor: number) => {
    const next = slashTokenAt(text, cursor);
    setToken(next);
    setHighlight(0);
  };

  const choose = (response: CannedResponse) => {
    if (!token) return;
    const result = insertCanned(draft, token, response, templateValues);
    setDraft(conversationId, result.text);
    setToken(null);
    requestAnimationFrame(() => {
      const el = textarea.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(result.cursor, result.cursor);
    });
  };

  const submit = () => {
    const body = draft.trim();
    if (!body || disabled || body.length > LIMITS.bodyMax) return;
    onSend(body, note);
    setDraft(conversationId, '');
    setToken(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length > 0 && token) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const delta = event.key === 'ArrowDown' ? 1 : -1;
        setHighlight((h) => (h + delta + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const chosen = suggestions[highlight];
        if (chosen) choose(chosen);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setToken(null);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
      return;
    }
    if (event.key === 'Escape') event.currentTarget.blur();
  };

  const tooLong = draft.length > LIMITS.bodyMax;

  return (
    <div className="border-t border-slate-200 bg-white px-5 pt-2 pb-4">
      <div className="flex items-center gap-1 pb-2" role="tablist" aria-label="Composer mode">
        {(['reply', 'note'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            onClick={() => {
              setMode(conversationId, m);
              textarea.current?.focus();
            }}
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
        <span className="ml-auto hidden items-center gap-1 text-[11px] whitespace-nowrap text-slate-400 2xl:flex">
          <Kbd>/</Kbd> canned responses <span className="mx-1">·</span> <Kbd>Shift</Kbd>+<Kbd>Enter</Kbd> new line
        </span>
      </div>
      <div
        className={cn(
          'relative rounded-xl ring-1 transition-shadow focus-within:ring-2',
          note
            ? 'bg-amber-50/60 ring-amber-300 focus-within:ring-amber-400'
            : 'bg-white ring-slate-300 focus-within:ring-brand-600',
        )}
      >
        {token && suggestions.length > 0 && (
          <ul
            className="absolute right-0 bottom-full left-0 z-20 mb-2 max-h-64 overflow-y-auto rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-200"
            aria-label="Canned responses"
            data-testid="canned-suggestions"
          >
            {suggestions.map((r, i) => (
              <li key={r.id}>
                <button
                  type="button"
                  aria-current={i === highlight ? 'true' : undefined}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(r);
                  }}
                  onMouseEnter={() => setHighlight(i)}
                  className={cn('flex w-full flex-col px-3 py-2 text-left', i === highlight && 'bg-brand-50')}
                >
                  <span className="flex items-center gap-2 text-sm">
                    <ZapIcon size={12} className="text-brand-500" />
                    <span className="font-mono text-xs font-semibold text-brand-700">/{r.shortcut}</span>
                    <span className="font-medium text-slate-800">{r.title}</span>
                  </span>
                  <span className="mt-0.5 line-clamp-1 text-xs text-slate-500">{r.body}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <textarea
          ref={textarea}
          rows={2}
          value={draft}
          disabled={Boolean(disabled)}
          onChange={(e) => {
            setDraft(conversationId, e.target.value);
            updateToken(e.target.value, e.target.selectionStart);
            if (e.target.value) onTyping(note);
            else onStopTyping();
          }}
          onSelect={(e) => updateToken(e.currentTarget.value, e.currentTarget.selectionStart)}
          onBlur={() => {
            setToken(null);
            onStopTyping();
          }}
          onKeyDown={onKeyDown}
          placeholder={
            disabled ??
            (note
              ? 'Write a private note — only your team sees it'
              : 'Reply to the visitor… (type / for canned responses)')
          }
          aria-label={note ? 'Private note' : 'Reply'}
          data-testid="composer-input"
          className="block max-h-56 w-full resize-none border-0 bg-transparent px-3.5 pt-3 pb-12 text-sm text-slate-900 placeholder:text-slate-400 focus:ring-0 focus:outline-none"
        />
        <div className="absolute right-2 bottom-2 flex items-center gap-2">
          {tooLong && (
            <span className="text-xs text-red-600">
              {draft.length}/{LIMITS.bodyMax}
            </span>
          )}
          <Button
            size="sm"
            variant={note ? 'note' : 'primary'}
            onClick={submit}
            disabled={!draft.trim() || Boolean(disabled) || tooLong}
            icon={note ? <LockIcon size={13} /> : <SendIcon size={13} />}
            data-testid="composer-send"
          >
            {note ? 'Add note' : 'Send'}
          </Button>
        </div>
      </div>
    </div>
  );
}
