// The conversation: the greeting (or, when away, the away message instead) from the project's settings, then every
// message in seq order with its author, and for the visitor's own messages their send state.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { type ChatMessage, type ChatState, canDelete, sendState } from '../client/chat-state.ts';
import type { Dictionary } from '../i18n.ts';
import { AttachmentView } from './attachment-view.tsx';
import { Avatar } from './avatar.tsx';
import { MessageText } from './message-text.tsx';

interface Props {
  chat: ChatState;
  apiBase: string;
  /** The greeting, or the away message when away. */
  greeting: string;
  away: boolean;
  t(key: keyof Dictionary, vars?: Record<string, string | number>): string;
  onRetry(clientId: string): void;
  onViewImage(image: { url: string; name: string }): void;
  /** Minutes the visitor may delete their own message (0: never). */
  deleteWindowMinutes?: number;
  onDelete?(messageId: string): void;
}

/** The visitor's own message, still deletable: a Delete button, then a confirmation in place. */
function DeleteControl({ id, t, onDelete }: { id: string; t: Props['t']; onDelete(id: string): void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" class="msg-action" onClick={() => setConfirming(true)}>
        {t('deleteMessage')}
      </button>
    );
  }
  return (
    <span class="msg-confirm">
      {t('deleteConfirm')}
      <button type="button" class="msg-action danger" onClick={() => onDelete(id)}>
        {t('deleteMessage')}
      </button>
      <button type="button" class="msg-action" onClick={() => setConfirming(false)}>
        {t('cancel')}
      </button>
    </span>
  );
}

function Item({
  message,
  chat,
  apiBase,
  t,
  onRetry,
  onViewImage,
  deleteWindowMinutes = 0,
  onDelete,
}: { message: ChatMessage } & Omit<Props, 'greeting' | 'away'>) {
  if (message.deletedAt) {
    const own = message.author.kind === 'visitor';
    return (
      <li class={`msg ${own ? 'own' : 'team'} deleted`} data-seq={message.seq} data-deleted="true">
        <div class="msg-main">
          <p class="bubble tombstone">{t('messageDeleted')}</p>
        </div>
      </li>
    );
  }
  const file = message.attachment;
  const own = message.author.kind === 'visitor';
  const state = own ? sendState(chat, message) : undefined;
  const name = own ? t('you') : (message.author.name ?? t('team'));
  return (
    <li class={`msg ${own ? 'own' : 'team'}${state === 'failed' ? ' failed' : ''}`} data-seq={message.seq}>
      {own ? null : <Avatar name={name} url={message.author.avatarUrl} size={28} />}
      <div class="msg-main">
        {own ? null : <span class="msg-author">{name}</span>}
        {message.body ? (
          <p class="bubble">
            <MessageText body={message.body} />
          </p>
        ) : null}
        {file ? <AttachmentView file={file} apiBase={apiBase} t={t} onView={onViewImage} /> : null}
        <div class="msg-foot">
          {own && onDelete && message.id && canDelete(message, deleteWindowMinutes, Date.now()) ? (
            <DeleteControl id={message.id} t={t} onDelete={onDelete} />
          ) : null}
          {state ? (
            <span class={`msg-state state-${state}`} data-state={state}>
              {t(state)}
              {state === 'failed' && message.clientId ? (
                <button type="button" class="retry" onClick={() => message.clientId && onRetry(message.clientId)}>
                  {t('retry')}
                </button>
              ) : null}
            </span>
          ) : null}
        </div>
      </div>
    </li>
  );
}

export function MessageList({
  chat,
  apiBase,
  greeting,
  away,
  t,
  onRetry,
  onViewImage,
  deleteWindowMinutes,
  onDelete,
}: Props) {
  const list = useRef<HTMLElement>(null);
  const atBottom = useRef(true);
  // After every render, follow new messages — unless the visitor scrolled up to read history.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  });
  return (
    <section
      class="messages"
      ref={list}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it
      tabIndex={0}
      aria-label={t('messageLog')}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      <ul>
        {greeting ? (
          <li class={`msg team greeting${away ? ' away' : ''}`}>
            <div class="msg-main">
              <p class="bubble">
                <MessageText body={greeting} />
              </p>
            </div>
          </li>
        ) : null}
        {/* Pending sends after the committed ones, in one list: an acknowledged send keeps its key as it
            moves. canDelete refuses pending messages, so every item gets the same props. */}
        {[...chat.messages, ...chat.pending].map((m) => (
          <Item
            key={m.key}
            message={m}
            chat={chat}
            apiBase={apiBase}
            t={t}
            onRetry={onRetry}
            onViewImage={onViewImage}
            deleteWindowMinutes={deleteWindowMinutes}
            onDelete={onDelete}
          />
        ))}
      </ul>
      {chat.typing ? (
        <p class="typing" aria-hidden="true">
          <span class="dots">
            <i />
            <i />
            <i />
          </span>
          {t('typing', { name: chat.typing.name ?? t('someone') })}
        </p>
      ) : null}
    </section>
  );
}
