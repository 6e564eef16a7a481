// The visitor's conversations: newest activity first, each with its last message, time, status
// and unread count; going back to one, loading more, and starting a new one.
import type { ConversationSummary } from '../../../../contract/frames.ts';
import { unreadCount } from '../client/chat-state.ts';
import type { WidgetController, WidgetState } from '../client/controller.ts';
import type { Dictionary, Locale } from '../i18n.ts';

const STATUS = { open: 'convOpen', pending: 'convPending', snoozed: 'convSnoozed', resolved: 'convResolved' } as const;

/** Today: the time; earlier: the date. */
function when(iso: string, locale: Locale): string {
  const at = new Date(iso);
  return at.toDateString() === new Date().toDateString()
    ? at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleDateString(locale, { month: 'short', day: 'numeric' });
}

interface Props {
  state: WidgetState;
  controller: WidgetController;
  t(key: keyof Dictionary, vars?: Record<string, string | number>): string;
}

export function ConversationList({ state, controller, t }: Props) {
  // The conversation on screen is known better here than by the server's list (its last message
  // may not be in the list's preview yet).
  const latest = state.chat.pending.at(-1) ?? state.chat.messages.at(-1);
  const shown = (c: ConversationSummary) =>
    c.id === state.conversationId && latest
      ? { n: unreadCount(state.chat), preview: latest.body, at: latest.createdAt }
      : {
          n: controller.readUpTo(c.id) >= c.lastSeq ? 0 : c.unreadByVisitor,
          preview: c.lastMessagePreview,
          at: c.lastMessageAt ?? c.createdAt,
        };
  return (
    <div class="convs">
      <ul aria-label={t('conversations')}>
        {state.conversations.map((c) => {
          const { n, preview, at } = shown(c);
          return (
            <li key={c.id}>
              <button
                type="button"
                class={`conv${n > 0 ? ' unread' : ''}`}
                data-conversation={c.id}
                aria-current={c.id === state.conversationId ? 'true' : undefined}
                onClick={() => controller.showConversation(c.id)}
              >
                <span class="conv-top">
                  <span class={`conv-status s-${c.status}`}>{t(STATUS[c.status])}</span>
                  <time dateTime={at}>{when(at, state.locale)}</time>
                </span>
                <span class="conv-preview">{preview || t('convEmpty')}</span>
                {n > 0 ? (
                  <span class="conv-unread">
                    <span aria-hidden="true">{n}</span>
                    <span class="sr-only">{t('convUnread', { n })}</span>
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      {state.listState === 'error' ? (
        <p class="notice error" role="alert">
          {t('convError')}
        </p>
      ) : state.conversations.length === 0 && state.listState === 'idle' ? (
        <p class="notice">{t('convNone')}</p>
      ) : null}
      {state.listCursor ? (
        <button
          type="button"
          class="conv-more"
          disabled={state.listState === 'loading'}
          onClick={() => void controller.loadConversations(true)}
        >
          {t('convMore')}
        </button>
      ) : null}
      <button type="button" class="primary conv-new" onClick={() => controller.startConversation()}>
        {t('newConversation')}
      </button>
    </div>
  );
}
