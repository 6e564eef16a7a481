// Who the visitor is: the session with Parley (token, settings, conversations), renewed on demand
// and shared by concurrent callers, and the visitor's identity — a host-signed one goes with the
// session, plain name/email are recorded as claims.
import type { ConversationSummary } from '../../../../contract/frames.ts';
import type { VisitorIdentity } from '../../contract.ts';
import { createSession, type Session, updateVisitor } from './api.ts';
import type { ProjectStorage } from './storage.ts';

export const isSigned = (identity: VisitorIdentity | undefined): boolean => Boolean(identity?.userId && identity.hash);

/** The conversation to show: the latest one still open, else none (the next message opens one). */
export function pickConversation(conversations: ConversationSummary[]): ConversationSummary | undefined {
  return conversations
    .filter((c) => c.status !== 'resolved')
    .sort((a, b) => (b.lastMessageAt ?? b.createdAt).localeCompare(a.lastMessageAt ?? a.createdAt))[0];
}

export class VisitorSession {
  current: Session | null = null;
  identity: VisitorIdentity | undefined;
  private loading: Promise<Session> | null = null;
  private readonly apiBase: string;
  private readonly widgetKey: string;
  private readonly store: ProjectStorage;
  private readonly onChange: (session: Session, previous: Session | null) => void;

  constructor(options: {
    apiBase: string;
    widgetKey: string;
    store: ProjectStorage;
    identity?: VisitorIdentity;
    onChange(session: Session, previous: Session | null): void;
  }) {
    this.apiBase = options.apiBase;
    this.widgetKey = options.widgetKey;
    this.store = options.store;
    this.identity = options.identity;
    this.onChange = options.onChange;
  }

  /** A fresh session (renewing the stored token); callers at the same time share one request. */
  load(): Promise<Session> {
    const identity = this.identity;
    this.loading ??= createSession(this.apiBase, {
      widgetKey: this.widgetKey,
      visitorToken: this.store.token() ?? undefined,
      identity: isSigned(identity) ? identity : undefined,
    })
      .then((session) => {
        const previous = this.current;
        this.current = session;
        this.store.setToken(session.visitorToken);
        const s = session.settings;
        this.store.setLook({ color: s.color, position: s.position, label: s.launcherLabel });
        this.onChange(session, previous);
        return session;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** The current session, or a new one. */
  get(): Promise<Session> {
    return this.current ? Promise.resolve(this.current) : this.load();
  }

  /** Records the visitor's own (unverified) name and email. */
  async claim(name?: string, email?: string): Promise<Session> {
    const session = await this.get();
    const { visitor } = await updateVisitor(this.apiBase, session.visitorToken, { name, email });
    const updated = { ...session, visitor };
    this.current = updated;
    this.onChange(updated, session);
    return updated;
  }
}
