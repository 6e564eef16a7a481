// The conversation: the greeting (or, when away, the away message instead) from the project's settings, then every
// message in seq order with its author, and for the visitor's own messages their send state.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { type ChatMessage, type ChatState, sendState } from '../client/chat-state.ts';
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
}

function Item({
  message,
  chat,
  apiBase,
  t,
  onRetry,
  onViewImage,
}: { message: ChatMessage } & Omit<Props, 'greeting' | 'away'>) {
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
    </li>
  );
}

export function MessageList({ chat, apiBase, greeting, away, t, onRetry, onViewImage }: Props) {
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
        {chat.messages.map((m) => (
          <Item
            key={m.key}
            message={m}
            chat={chat}
            apiBase={apiBase}
            t={t}
            onRetry={onRetry}
            onViewImage={onViewImage}
          />
        ))}
        {chat.pending.map((m) => (
          <Item
            key={m.key}
            message={m}
            chat={chat}
            apiBase={apiBase}
            t={t}
            onRetry={onRetry}
            onViewImage={onViewImage}
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
