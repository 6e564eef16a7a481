// The open chat: header with the agent (name and avatar) or the team, connection notices, the
// conversation, and the composer — or the pre-chat form when the project asks for one first. The
// header's back button shows the visitor's conversations instead (conversation-list.tsx).
import type { Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { headerLine } from '../availability.ts';
import { currentAgent } from '../client/chat-state.ts';
import type { WidgetController, WidgetState } from '../client/controller.ts';
import type { Dictionary } from '../i18n.ts';
import { attachFiles, filesOf, useUploadsModule, viewImage } from '../use-uploads.ts';
import { AttachmentButton } from './attachment-button.tsx';
import { Avatar } from './avatar.tsx';
import { Composer } from './composer.tsx';
import { ConversationList, EmailAsk, HeaderMenu, preloadViews, RatingAsk, TranscriptForm } from './lazy-views.tsx';
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
  const listing = state.view === 'list';
  const hasHistory = state.conversations.length > 0 || state.conversationId !== null;
  const agent = currentAgent(chat);
  // Away: the project's state (business hours × agents online × force away), from the session at
  // first paint and live from the room — not which agents happen to have this conversation open.
  const away = state.availability?.state === 'away';
  const needsPreChat = Boolean(settings.preChatForm) && !state.visitor?.email && !state.conversationId;
  const askEmail =
    away && !listing && state.phase === 'ready' && !needsPreChat && !state.visitor?.email && !state.emailSkipped;
  // The email ask is in a lazy chunk: fetch it as soon as the session says away.
  useEffect(() => {
    if (away) preloadViews().catch(() => undefined);
  }, [away]);
  // CSAT: a resolved conversation asks for a rating (unless the Manager switched it off or the
  // visitor said not now for this resolution); its view is in the lazy chunk, fetched once resolved.
  const current = state.conversations.find((c) => c.id === state.conversationId);
  const resolvedAt = current?.status === 'resolved' ? (current.resolvedAt ?? null) : null;
  const askRating =
    settings.csat !== false &&
    resolvedAt !== null &&
    !listing &&
    state.phase === 'ready' &&
    state.ratingState.dismissed !== resolvedAt;
  useEffect(() => {
    if (askRating) preloadViews().catch(() => undefined);
  }, [askRating]);
  const greeting = settings.greeting || t('greeting');
  // The header's menu (⋯) and what it opened: the transcript request.
  const [menu, setMenu] = useState(false);
  const [transcript, setTranscript] = useState(false);
  // The list, the menu and its form are in the lazy chunk: fetched when the pointer or focus
  // reaches their button (or on the click, at the latest).
  const preload = () => void preloadViews().catch(() => undefined);
  const canAskTranscript = state.phase === 'ready' && Boolean(state.conversationId);
  // Files can be attached once the composer is there and the project accepts some.
  const limits = state.phase === 'ready' && !needsPreChat && state.attachments?.types.length ? state.attachments : null;
  const uploads = useUploadsModule();
  const [dragging, setDragging] = useState(false);
  const onFiles = (files: File[]) => attachFiles(controller, files);
  const dropProps = limits
    ? {
        onDragOver: (e: DragEvent) => {
          if (!e.dataTransfer?.types.includes('Files')) return;
          e.preventDefault();
          setDragging(true);
        },
        onDragLeave: (e: DragEvent) => {
          if (!e.currentTarget || !(e.currentTarget as Node).contains(e.relatedTarget as Node | null))
            setDragging(false);
        },
        onDrop: (e: DragEvent) => {
          e.preventDefault();
          setDragging(false);
          onFiles(filesOf(e.dataTransfer));
        },
      }
    : {};
  return (
    <section
      id="parley-panel"
      class={dragging ? 'panel dragging' : 'panel'}
      data-drop={t('dropHere')}
      role="dialog"
      aria-label={t('title')}
      hidden={!state.open}
      ref={panelRef}
      onKeyDown={onKeyDown}
      {...dropProps}
    >
      {/* A div, not <header>: the host page has its own banner landmark, and the dialog is labelled. */}
      <div class="head">
        {listing ? null : hasHistory ? (
          <button
            type="button"
            class="close list-btn"
            aria-label={t('conversations')}
            onPointerEnter={preload}
            onFocus={preload}
            onClick={() => controller.showList()}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M15.4 5 14 3.6 5.6 12l8.4 8.4 1.4-1.4-7-7z" />
            </svg>
          </button>
        ) : null}
        {agent && !listing ? <Avatar name={agent.name} url={agent.avatarUrl} size={36} /> : null}
        <div class="head-text">
          <h2>{listing ? t('conversations') : agent ? agent.name : t('title')}</h2>
          <p class="head-status" data-availability={state.availability?.state ?? 'unknown'}>
            {headerLine(state.locale, state.availability, state.expectedReply, t('subtitleOnline'))}
          </p>
        </div>
        {canAskTranscript ? (
          <div class="menu-wrap">
            <button
              type="button"
              class="close more"
              aria-label={t('menu')}
              aria-haspopup="menu"
              aria-expanded={menu}
              onPointerEnter={preload}
              onFocus={preload}
              onClick={() => setMenu(!menu)}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M6 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4z" />
              </svg>
            </button>
            {menu ? (
              <HeaderMenu
                t={t}
                onTranscript={() => {
                  setMenu(false);
                  setTranscript(true);
                }}
              />
            ) : null}
          </div>
        ) : null}
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
      {listing ? (
        <ConversationList state={state} controller={controller} t={t} />
      ) : (
        <MessageList
          chat={chat}
          apiBase={controller.apiBase}
          // Settings say "instead of": when away, the away message replaces the greeting.
          // Nothing until the session says which holds: the greeting never flashes before the away message.
          greeting={state.availability === null ? '' : away ? settings.awayMessage || t('subtitleAway') : greeting}
          away={away}
          t={t}
          onRetry={(id) => controller.retry(id)}
          onViewImage={(image) => viewImage(controller, image)}
          deleteWindowMinutes={state.deleteWindowMinutes}
          onDelete={(id) => controller.deleteMessage(id)}
        />
      )}
      {askEmail ? (
        <EmailAsk t={t} onSave={(email) => controller.saveEmail(email)} onSkip={() => controller.skipEmail()} />
      ) : null}
      {askRating && resolvedAt ? (
        <RatingAsk
          key={resolvedAt}
          t={t}
          rating={state.rating?.resolvedAt === resolvedAt ? state.rating : null}
          sending={state.ratingState.sending}
          error={state.ratingState.error}
          onRate={(rating, comment) => controller.rate(rating, comment)}
          onDismiss={() => controller.dismissRating(resolvedAt)}
        />
      ) : null}
      {transcript && canAskTranscript ? (
        <TranscriptForm
          t={t}
          email={state.visitor?.email ?? null}
          onSubmit={(email) => controller.requestTranscript(email)}
          onDone={() => setTranscript(false)}
        />
      ) : null}
      {uploads ? <uploads.UploadLayer controller={controller} locale={state.locale} /> : null}
      {state.phase !== 'ready' || listing ? null : needsPreChat ? (
        <PreChatForm t={t} firstRef={firstFieldRef} onSubmit={(name, email) => controller.submitPreChat(name, email)} />
      ) : (
        <Composer
          t={t}
          inputRef={inputRef}
          onSend={(body) => controller.send(body)}
          onTyping={(on) => controller.typing(on)}
          attach={limits ? <AttachmentButton limits={limits} t={t} onFiles={onFiles} /> : null}
          onPasteFiles={limits ? onFiles : undefined}
        />
      )}
    </section>
  );
}
