// The widget's brain, without any UI: ties the visitor session (visitor-session.ts), the current
// conversation's room client (realtime-client/room.ts: socket, resume, optimistic sends, typing)
// and state (chat-state.ts), the visitor's other conversations (the list view, a new one, going
// back to an old one), read marks, tab sync, notifications and the events the host page
// listens to. The Preact view subscribes to its state and calls its methods.
import type { Availability, ExpectedReply } from '../../../../contract/availability.ts';
import type { ConversationSummary, RoomServerFrame } from '../../../../contract/frames.ts';
import type { ConversationRating } from '../../../../contract/ratings.ts';
import { RoomClient } from '../../../../realtime-client/room.ts';
import { backoffDelay, type SocketStatus } from '../../../../realtime-client/socket.ts';
import type { MountOptions, VisitorIdentity } from '../../contract.ts';
import { type Locale, loadLocale, pickLocale, translate } from '../i18n.ts';
import {
  ApiFailure,
  type AttachmentLimits,
  listConversations,
  openConversation,
  reportPage,
  requestTranscript,
  type Session,
  socketUrl,
  updateAttributes,
  type Visitor,
  type WidgetSettings,
} from './api.ts';
import {
  acknowledge,
  addPending,
  applyDeletion,
  type ChatState,
  emptyChat,
  lastSeq,
  markRead,
  receiveMessage,
  setPending,
  setTyping,
  unreadCount,
} from './chat-state.ts';
import { beep, onceAcrossTabs, titleNotifier } from './notify.ts';
import { watchPage } from './page-context.ts';
import { type ProjectStorage, projectStorage } from './storage.ts';
import { type TabMessage, type TabSync, tabSync } from './tab-sync.ts';
import { isSigned, pickConversation, VisitorSession } from './visitor-session.ts';

/** The room's limit (LIMITS.bodyMax in contract/frames.ts; a unit test keeps them equal). */
export const BODY_MAX = 4000;

export interface WidgetState {
  /** `disabled`: the project refused this page (unknown key, origin not allowed); nothing is shown. */
  phase: 'loading' | 'ready' | 'error' | 'disabled';
  open: boolean;
  settings: WidgetSettings;
  /** The project's attachment limits (null: no uploads offered). */
  attachments: AttachmentLimits | null;
  locale: Locale;
  visitor: Visitor | null;
  conversationId: string | null;
  /** `list`: the visitor's conversations; `chat`: the current one (or a new one, before its first message). */
  view: 'chat' | 'list';
  /** The visitor's conversations, newest activity first, as far as loaded. */
  conversations: ConversationSummary[];
  /** Where the next page of `conversations` starts; null when all are loaded. */
  listCursor: string | null;
  listState: 'idle' | 'loading' | 'error';
  chat: ChatState;
  status: SocketStatus | 'idle';
  /** The last thing worth saying in the aria-live region. */
  announcement: string;
  /** Available or away: from the session at first paint, then live from the room. */
  availability: Availability | null;
  expectedReply: ExpectedReply | undefined;
  /** The visitor declined to leave an email while away. */
  emailSkipped: boolean;
  /** Minutes the visitor may delete their own message (the project's setting; 0: never). */
  deleteWindowMinutes: number;
  /** The current conversation's latest rating (CSAT), as its room told it. */
  rating: ConversationRating | null;
  /** The rating ask: sending, refused (its error code), or dismissed for the resolution at that time. */
  ratingState: { sending: boolean; error: string | null; dismissed: string | null };
}

type Options = Omit<MountOptions, 'root'> & {
  /** Test seams. */
  WebSocket?: typeof WebSocket;
  now?: () => number;
};

const newClientId = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export class WidgetController {
  state: WidgetState;
  private readonly opts: Options;
  private readonly store: ProjectStorage;
  private readonly listeners = new Set<() => void>();
  private readonly tabs: TabSync;
  private readonly title = titleNotifier();
  private readonly session: VisitorSession;
  private room: RoomClient | null = null;
  private opening: Promise<string> | null = null;
  /** The visitor asked for a new conversation: none is picked for them until they send or choose one. */
  private drafting = false;
  /** Replayed history of the first connection is not news; only later messages notify. */
  private live = false;
  private destroyed = false;
  private stopPageWatch: (() => void) | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: Options) {
    this.opts = options;
    this.store = projectStorage(options.widgetKey);
    this.session = new VisitorSession({
      apiBase: options.apiBase,
      widgetKey: options.widgetKey,
      store: this.store,
      identity: options.identity,
      onChange: (session, previous) => this.applySession(session, previous),
    });
    this.tabs = tabSync(this.store.key('tabs'), (m) => this.onTabMessage(m));
    this.state = {
      phase: 'loading',
      open: options.open,
      settings: {},
      attachments: null,
      locale: pickLocale(options.locale, navigator.languages),
      visitor: null,
      conversationId: null,
      view: 'chat',
      conversations: [],
      listCursor: null,
      listState: 'idle',
      chat: emptyChat(),
      status: 'idle',
      announcement: '',
      availability: null,
      expectedReply: undefined,
      emailSkipped: this.store.emailSkipped(),
      deleteWindowMinutes: 0,
      rating: null,
      ratingState: { sending: false, error: null, dismissed: null },
    };
    document.addEventListener('visibilitychange', this.onVisibility);
    this.loadWords(this.state.locale);
  }

  /** Re-renders once `locale`'s words have arrived (its chunk), if it is still the one shown. */
  private loadWords(locale: Locale): void {
    void loadLocale(locale).then(() => {
      if (!this.destroyed && this.state.locale === locale) this.set({});
    });
  }

  /** The Parley origin: attachment links are relative to it. */
  get apiBase(): string {
    return this.opts.apiBase;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<WidgetState>): void {
    const before = this.state;
    this.state = { ...before, ...patch };
    if (patch.chat && patch.chat !== before.chat) this.afterChatChange(before.chat);
    for (const fn of this.listeners) fn();
  }

  private t(key: Parameters<typeof translate>[1], vars?: Record<string, string | number>): string {
    return translate(this.state.locale, key, vars);
  }

  async start(attempt = 0): Promise<void> {
    try {
      await this.session.load();
      // The chosen language's words before the panel's first ready paint.
      await loadLocale(this.state.locale);
      this.set({ phase: 'ready' });
      if (this.state.open) this.opts.emit('open', undefined);
      this.opts.emit('ready', undefined);
      // A plain name/email given before load (Parley('identify', …)) is recorded as claims now.
      const identity = this.session.identity;
      if (identity && !isSigned(identity) && (identity.name || identity.email)) {
        await this.claim(identity.name, identity.email).catch(() => undefined);
      }
    } catch (err) {
      if (this.destroyed) return;
      if (err instanceof ApiFailure && err.status >= 400 && err.status < 500 && err.status !== 429) {
        // Unknown widget key, a site not allowed to use it: nothing a visitor can do; stay out of the page.
        console.warn(`Parley: the widget is disabled here (${err.code}: ${err.message})`);
        this.set({ phase: 'disabled' });
        return;
      }
      this.set({ phase: 'error' });
      this.retryTimer = setTimeout(() => void this.start(attempt + 1), backoffDelay(attempt + 1));
    }
  }

  private applySession(session: Session, previous: Session | null): void {
    const settings = session.settings;
    const locale = pickLocale(this.opts.locale, settings.locale, navigator.languages);
    // A claim returns the same session with a new visitor: it must not undo what the room sent since.
    const unchanged = previous !== null && session.availability === previous.availability;
    const availability = unchanged && this.state.availability ? this.state.availability : session.availability;
    this.set({
      settings,
      attachments: session.attachments,
      visitor: session.visitor,
      locale,
      availability,
      expectedReply: session.expectedReply,
      deleteWindowMinutes: session.deleteWindowMinutes,
    });
    this.loadWords(locale);
    if (this.state.view !== 'list') this.set({ conversations: session.conversations, listCursor: null });
    this.stopPageWatch ??= watchPage((context) => {
      void this.session
        .get()
        .then((current) => reportPage(this.opts.apiBase, current.visitorToken, context))
        .catch(() => undefined);
    });
    const visitorChanged = previous !== null && previous.visitor.id !== session.visitor.id;
    if (visitorChanged) {
      this.drafting = false;
      this.leaveConversation();
    }
    if (!this.state.conversationId && !this.drafting) {
      const page = this.opts.conversationId;
      const conversation = page ? { id: page } : pickConversation(session.conversations);
      if (conversation) this.joinConversation(conversation);
    }
  }

  private joinConversation(conversation: { id: string }): void {
    const conversationId = conversation.id;
    if (this.destroyed || this.state.conversationId === conversationId) return;
    // Messages written before the conversation existed come along (the opening one already
    // committed, the others to go out once connected).
    const carried = this.state.conversationId ? { pending: this.state.chat.pending } : this.state.chat;
    this.leaveConversation();
    const cached = this.store.chat(conversationId);
    // Unsent messages of a previous page (closed or reloaded before they went out) are sent again
    // with their clientId: the room answers a duplicate with the original seq.
    const restored = (cached?.pending ?? [])
      .filter((p) => !carried.pending.some((c) => c.clientId === p.clientId))
      .map((p) => ({ ...p, pending: 'sending' as const, error: undefined }));
    const chat: ChatState = { ...emptyChat(), ...carried, ...cached, pending: [...restored, ...carried.pending] };
    this.set({ conversationId, chat });
    this.live = false;
    this.room = new RoomClient({
      url: async (failures) => {
        // Repeated failures may be an expired token: a fresh session renews it.
        const session = failures > 0 && failures % 3 === 0 ? await this.session.load() : await this.session.get();
        return socketUrl(this.opts.apiBase, conversationId, session.visitorToken);
      },
      resumeFrom: () => this.state.chat.watermark,
      pending: () =>
        this.state.chat.pending.flatMap((p) =>
          p.pending === 'sending' && p.clientId ? [{ clientId: p.clientId, body: p.body }] : [],
        ),
      onFailed: (clientId, code) => this.set({ chat: setPending(this.state.chat, clientId, 'failed', code) }),
      onFrame: (frame) => this.onFrame(frame),
      onStatus: (status) => this.set({ status }),
      WebSocket: this.opts.WebSocket,
      now: this.opts.now,
    });
    this.room.start();
  }

  private leaveConversation(): void {
    this.room?.stop();
    this.room = null;
    this.set({
      conversationId: null,
      chat: emptyChat(),
      status: 'idle',
      rating: null,
      ratingState: { sending: false, error: null, dismissed: null },
    });
  }

  private onFrame(frame: RoomServerFrame): void {
    const chat = this.state.chat;
    switch (frame.type) {
      case 'message': {
        const next = receiveMessage(chat, frame.message);
        if (next === chat) return;
        this.set({ chat: next });
        if (frame.message.author.kind !== 'visitor') this.onTeamMessage(frame.message.seq, frame.message.body, next);
        return;
      }
      case 'ack':
        this.set({ chat: acknowledge(chat, frame) });
        return;
      case 'resumed':
        // The room client has sent again what was waiting.
        this.live = true;
        this.markReadIfSeen();
        return;
      case 'read':
        this.set({ chat: markRead(chat, frame.side, frame.seq) });
        return;
      case 'typing':
        this.set({ chat: setTyping(chat, frame.author, frame.on) });
        return;
      case 'presence':
        this.set({ chat: { ...chat, agents: frame.agents } });
        return;
      case 'availability':
        this.set({ availability: frame.availability });
        return;
      case 'conversation': {
        // The room's word on the conversation (its status above all) keeps its row in the list current.
        const list = this.state.conversations;
        const known = list.some((c) => c.id === frame.conversation.id);
        const conversations = known
          ? list.map((c) => (c.id === frame.conversation.id ? frame.conversation : c))
          : [frame.conversation, ...list];
        this.set({ conversations });
        return;
      }
      case 'deleted':
        this.set({ chat: applyDeletion(chat, frame.deletion) });
        return;
      case 'rating':
        this.set({ rating: frame.rating, ratingState: { ...this.state.ratingState, sending: false, error: null } });
        return;
      case 'error':
        if (frame.messageId) this.set({ announcement: this.t('deleteFailed') });
        else if (!frame.clientId && this.state.ratingState.sending) {
          this.set({ ratingState: { ...this.state.ratingState, sending: false, error: frame.code } });
        }
        return;
      default:
        return;
    }
  }

  private onTeamMessage(seq: number, body: string, chat: ChatState): void {
    if (!this.live) return;
    const message = chat.messages.find((m) => m.seq === seq);
    const name = message?.author.name ?? this.t('team');
    // A file alone is announced by its name.
    this.set({ announcement: this.t('newMessage', { name, body: body || message?.attachment?.name || '' }) });
    this.opts.emit('message', { seq, body, author: { kind: message?.author.kind ?? 'agent', name } });
    const seen = this.state.open && document.visibilityState === 'visible';
    if (seen) {
      this.markReadIfSeen();
      return;
    }
    onceAcrossTabs(this.store.key('notified'), seq, beep);
    this.title.show(this.t('titleNotice', { count: unreadCount(this.state.chat) }));
  }

  private afterChatChange(before: ChatState): void {
    const chat = this.state.chat;
    const id = this.state.conversationId;
    const changed =
      chat.messages !== before.messages ||
      chat.pending !== before.pending ||
      chat.visitorReadSeq !== before.visitorReadSeq;
    if (id && changed) {
      this.store.saveChat(id, {
        messages: chat.messages,
        pending: chat.pending,
        watermark: chat.watermark,
        visitorReadSeq: chat.visitorReadSeq,
        agentReadSeq: chat.agentReadSeq,
      });
    }
    const unread = unreadCount(chat);
    if (unread !== unreadCount(before)) {
      this.opts.emit('unread', { count: unread });
      if (unread === 0) this.title.clear();
    }
  }

  // —— commands from the view and the host page ——

  open(): void {
    if (this.state.open) return;
    this.set({ open: true });
    this.opts.emit('open', undefined);
    this.markReadIfSeen();
  }

  /** The hosted conversation page: one conversation, full page, never closed. */
  get page(): boolean {
    return Boolean(this.opts.conversationId);
  }

  close(): void {
    if (!this.state.open || this.page) return;
    this.set({ open: false });
    this.opts.emit('close', undefined);
  }

  toggle(): void {
    if (this.state.open) this.close();
    else this.open();
  }

  /** Shows the visitor's conversations, refreshed from the server. */
  showList(): void {
    this.set({ view: 'list' });
    void this.loadConversations(false);
  }

  /** The first page again (`more` false), or the next one. */
  async loadConversations(more: boolean): Promise<void> {
    const cursor = more ? this.state.listCursor : null;
    if (more && !cursor) return;
    this.set({ listState: 'loading' });
    try {
      const session = await this.session.get();
      const page = await listConversations(this.opts.apiBase, session.visitorToken, cursor);
      const known = more ? this.state.conversations : [];
      const fresh = page.conversations.filter((c) => !known.some((k) => k.id === c.id));
      this.set({ conversations: [...known, ...fresh], listCursor: page.nextCursor, listState: 'idle' });
    } catch {
      this.set({ listState: 'error' });
    }
  }

  /** How far this browser saw a conversation (its cache): the server's unread count may lag its read flush. */
  readUpTo(conversationId: string): number {
    return this.store.chat(conversationId)?.visitorReadSeq ?? 0;
  }

  /** Goes back to one of the visitor's conversations. */
  showConversation(id: string): void {
    this.drafting = false;
    // Nothing of the current conversation (its unsent messages stay in its cache) comes along.
    if (this.state.conversationId !== id) this.leaveConversation();
    this.set({ view: 'chat' });
    this.joinConversation({ id });
  }

  /** An empty conversation: the next message opens a new one, whatever earlier ones exist. */
  startConversation(): void {
    this.drafting = true;
    this.leaveConversation();
    this.set({ view: 'chat' });
  }

  setLocale(locale: string): void {
    this.opts.locale = locale;
    const picked = pickLocale(locale, this.state.settings.locale, navigator.languages);
    this.set({ locale: picked });
    this.loadWords(picked);
  }

  /**
   * From the host page: a signed identity ({userId, hash, name?, email?}) starts a verified
   * session; a bare name/email is recorded as the visitor's unverified claim.
   */
  identify(identity: VisitorIdentity): void {
    if (isSigned(identity)) {
      this.session.identity = identity;
      void this.session
        .load()
        .then(() => this.tabs.post({ type: 'session' }))
        .catch(() => undefined);
    } else void this.claim(identity.name, identity.email).catch(() => undefined);
  }

  /**
   * `Parley('update', { attributes })` from the host page. The Worker checks the values against the
   * project's definitions; a refusal (unknown key, wrong type) is the site's bug, so it goes to the
   * console for its developers, never to the visitor.
   */
  async update(data: unknown): Promise<void> {
    const attributes = (data as { attributes?: unknown } | null)?.attributes;
    if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) {
      console.error('Parley: update expects { attributes: { key: value } }');
      return;
    }
    try {
      const session = await this.session.get();
      await updateAttributes(this.opts.apiBase, session.visitorToken, attributes as Record<string, never>);
    } catch (err) {
      const reason = err instanceof ApiFailure ? `${err.code}: ${err.message}` : String(err);
      console.error(`Parley: update refused (${reason})`);
    }
  }

  /** The transcript by email, when the conversation is resolved; `email` becomes the visitor's when they had none. */
  async requestTranscript(email?: string): Promise<{ email: string; status: 'pending' | 'sent' }> {
    const conversationId = this.state.conversationId;
    if (!conversationId) throw new Error('no conversation yet');
    const session = await this.session.get();
    const { transcript } = await requestTranscript(this.opts.apiBase, session.visitorToken, conversationId, email);
    const visitor = this.state.visitor;
    if (email && visitor && !visitor.email) this.set({ visitor: { ...visitor, email } });
    return transcript;
  }

  /** The pre-chat form's answers; they become the visitor's (unverified) name and email. */
  submitPreChat(name: string, email: string): Promise<void> {
    return this.claim(name || undefined, email || undefined);
  }

  /** Away mode's inline ask: the visitor's email (an unverified claim), or "not now". */
  saveEmail(email: string): Promise<void> {
    return this.claim(undefined, email);
  }

  skipEmail(): void {
    this.store.skipEmail();
    this.set({ emailSkipped: true });
  }

  private async claim(name?: string, email?: string): Promise<void> {
    await this.session.claim(name, email);
    this.tabs.post({ type: 'session' });
  }

  /** Sends a message now if the socket is up, else as soon as it is; never twice (clientId). */
  send(text: string): boolean {
    const body = text.trim();
    if (!body || body.length > BODY_MAX || !this.state.visitor) return false;
    const clientId = newClientId();
    const author = { kind: 'visitor' as const, id: this.state.visitor.id, name: this.state.visitor.name ?? undefined };
    this.set({ chat: addPending(this.state.chat, { clientId, body, author }) });
    this.typing(false);
    if (this.state.conversationId) this.room?.send(clientId);
    else void this.ensureConversation(clientId);
    return true;
  }

  /** Rates the current resolution (CSAT); the room's `rating` frame (or an error) answers. */
  rate(rating: number, comment?: string): void {
    const sent = this.room?.rate(rating, comment) ?? false;
    this.set({ ratingState: { ...this.state.ratingState, sending: sent, error: sent ? null : 'offline' } });
  }

  /** "Not now" on the rating ask: hidden for this resolution. */
  dismissRating(resolvedAt: string): void {
    this.set({ ratingState: { ...this.state.ratingState, dismissed: resolvedAt } });
  }

  /** Deletes one of the visitor's messages; the room's `deleted` frame makes it a tombstone. */
  deleteMessage(messageId: string): void {
    if (!this.room?.delete(messageId)) this.set({ announcement: this.t('deleteFailed') });
  }

  retry(clientId: string): void {
    this.set({ chat: setPending(this.state.chat, clientId, 'sending') });
    if (this.state.conversationId) this.room?.send(clientId);
    else void this.ensureConversation(clientId);
  }

  typing(on: boolean): void {
    this.room?.typing(on);
  }

  /** Where an upload goes (widget/src/app/uploads/): this conversation, opened first when there is none. */
  async uploadTarget(): Promise<{ conversationId: string; token: string }> {
    const session = await this.session.get();
    // A first message being sent opens the conversation: the upload joins that one.
    let id = this.state.conversationId ?? (await this.opening?.catch(() => null)) ?? null;
    if (!id) {
      const { conversation } = await openConversation(this.opts.apiBase, session.visitorToken, newClientId(), '');
      id = conversation.id;
      if (this.state.conversationId !== id) {
        this.joinConversation({ id });
        this.tabs.post({ type: 'conversation', conversationId: id });
      }
    }
    return { conversationId: id, token: session.visitorToken };
  }

  /** The visitor has the conversation in front of them: tell the room (and other tabs) what they read. */
  markReadIfSeen(): void {
    const chat = this.state.chat;
    const id = this.state.conversationId;
    if (!id || !this.state.open || document.visibilityState !== 'visible') return;
    this.title.clear();
    const seq = lastSeq(chat);
    if (seq <= chat.visitorReadSeq) return;
    this.set({ chat: markRead(chat, 'visitor', seq) });
    this.room?.read(seq);
    this.tabs.post({ type: 'read', conversationId: id, seq });
  }

  destroy(): void {
    this.destroyed = true;
    this.stopPageWatch?.();
    clearTimeout(this.retryTimer);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.room?.stop();
    this.room = null;
    this.tabs.close();
    this.title.clear();
    this.listeners.clear();
  }

  // —— internals ——

  /** The first message opens the conversation (idempotent by that message's clientId), then joins it. */
  private async ensureConversation(clientId: string): Promise<void> {
    try {
      this.opening ??= (async () => {
        const session = await this.session.get();
        const body = this.state.chat.pending.find((p) => p.clientId === clientId)?.body ?? '';
        const { conversation, message } = await openConversation(
          this.opts.apiBase,
          session.visitorToken,
          clientId,
          body,
        );
        if (message) this.set({ chat: acknowledge(this.state.chat, { clientId, ...message }) });
        const others = this.state.conversations.filter((c) => c.id !== conversation.id);
        this.set({ conversations: [conversation, ...others] });
        return conversation.id;
      })().finally(() => {
        this.opening = null;
      });
      const id = await this.opening;
      this.drafting = false;
      if (this.state.conversationId !== id) {
        this.joinConversation({ id });
        this.tabs.post({ type: 'conversation', conversationId: id });
      }
    } catch (err) {
      const code = err instanceof ApiFailure ? err.code : 'network';
      for (const message of this.state.chat.pending) {
        if (message.clientId) this.set({ chat: setPending(this.state.chat, message.clientId, 'failed', code) });
      }
    }
  }

  private onTabMessage(message: TabMessage): void {
    if (message.type === 'read' && message.conversationId === this.state.conversationId) {
      this.set({ chat: markRead(this.state.chat, 'visitor', message.seq) });
    } else if (message.type === 'conversation') {
      // Another tab opened one: it joins the list, and this tab's view when it showed none.
      if (!this.state.conversationId && !this.drafting) this.joinConversation({ id: message.conversationId });
      if (this.state.view === 'list') void this.loadConversations(false);
    } else if (message.type === 'session') {
      void this.session.load().catch(() => undefined);
    }
  }

  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') this.markReadIfSeen();
  };
}
