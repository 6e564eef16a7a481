// The open chat: header with the agent (name and avatar) or the team, connection notices, the
// conversation, and the composer — or the pre-chat form when the project asks for one first.
import type { Ref } from 'preact';
import { currentAgent } from '../client/chat-state.ts';
import type { WidgetController, WidgetState } from '../client/controller.ts';
import type { Dictionary } from '../i18n.ts';
import { Avatar } from './avatar.tsx';
import { Composer } from './composer.tsx';
import { MessageList } from './message-list.tsx';
import { PreChatForm } from './pre-chat-form.tsx';

interface Props {
  state: WidgetState;
  controller: WidgetController;
  t(key: keyof Dictionary, vars?: Record<string, string | number>): string;
  panelRef: Ref<HTMLElement>;
  inputRef: { current: HTMLTextAreaElement | null };
  firstFieldRef: { current: HTMLInputElement | null };
  onClose(): void;
  onKeyDown(event: KeyboardEvent): void;
}

export function Panel({ state, controller, t, panelRef, inputRef, firstFieldRef, onClose, onKeyDown }: Props) {
  const { settings, chat } = state;
  const agent = currentAgent(chat);
  // Away when the room says no agent is online (unknown until a conversation is connected).
  const away = state.status === 'open' && chat.agents.length === 0 && !agent ? settings.awayMessage : undefined;
  const needsPreChat = Boolean(settings.preChatForm) && !state.visitor?.email && !state.conversationId;
  return (
    <section
      id="parley-panel"
      class="panel"
      role="dialog"
      aria-label={t('title')}
      hidden={!state.open}
      ref={panelRef}
      onKeyDown={onKeyDown}
    >
      {/* A div, not <header>: the host page has its own banner landmark, and the dialog is labelled. */}
      <div class="head">
        {agent ? <Avatar name={agent.name} url={agent.avatarUrl} size={36} /> : null}
        <div class="head-text">
          <h2>{agent ? agent.name : t('title')}</h2>
          <p>{away ? t('subtitleAway') : t('subtitleOnline')}</p>
        </div>
        <button type="button" class="close" aria-label={t('close')} onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
          </svg>
        </button>
      </div>
      {state.phase === 'error' ? (
        <p class="notice error" role="alert">
          {t('loadError')}
        </p>
      ) : state.status === 'offline' ? (
        <p class="notice">{t('offline')}</p>
      ) : state.status === 'reconnecting' ? (
        <p class="notice">{t('reconnecting')}</p>
      ) : null}
      <MessageList
        chat={chat}
        apiBase={controller.apiBase}
        greeting={settings.greeting || t('greeting')}
        away={away}
        t={t}
        onRetry={(id) => controller.retry(id)}
      />
      {state.phase !== 'ready' ? null : needsPreChat ? (
        <PreChatForm t={t} firstRef={firstFieldRef} onSubmit={(name, email) => controller.submitPreChat(name, email)} />
      ) : (
        <Composer
          t={t}
          inputRef={inputRef}
          onSend={(body) => controller.send(body)}
          onTyping={(on) => controller.typing(on)}
        />
      )}
    </section>
  );
}
