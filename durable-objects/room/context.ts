// What the room's parts (replay, reads, status, group commit) share: the object's storage and
// sockets, its Postgres connection, recent window and committed conversation, the tunables, and
// the ways to tell everyone. Built once per instance by the ConversationRoom.
import type { RoomServerFrame } from '../../contract/frames.ts';
import { signAttachmentUrl } from '../../core/conversations/attachment-url.ts';
import type { AttachmentUrl } from '../../core/conversations/message.ts';
import { type RoomState, toSummary } from '../../core/conversations/state.ts';
import { nudgeRelay } from '../../core/events/outbox.ts';
import { readConfig } from '../../core/platform/config.ts';
import { type Metrics, metricsOf } from '../../core/platform/metrics.ts';
import { hasEnded } from '../shared/authority.ts';
import { IdleDb } from '../shared/idle-db.ts';
import { RoomConversation } from './conversation.ts';
import { agentsPresent, sendToAll } from './delivery.ts';
import type { RoomLimits } from './limits.ts';
import { RecentWindow } from './window.ts';

export interface RoomContext {
  readonly storage: DurableObjectStorage;
  readonly db: IdleDb;
  readonly window: RecentWindow;
  readonly conversation: RoomConversation;
  readonly inboxes: Env['PROJECT_INBOX'];
  /** Where the room's metrics go (the METRICS binding; tests swap it). */
  metrics: Metrics;
  limits(): RoomLimits;
  /** The room's open sockets (not those it ended), or those of one kind of participant (their accept tag). */
  sockets(kind?: 'agent' | 'visitor'): WebSocket[];
  background(work: Promise<unknown>): void;
  attachmentUrl: AttachmentUrl;
  /** Sends a frame to every socket but `except`. */
  broadcast(frame: RoomServerFrame, except?: WebSocket): void;
  /** Tells every socket the conversation as it now is. */
  broadcastConversation(): void;
  /** Tells every socket which agents are here (`except`: a socket closing). */
  broadcastPresence(except?: WebSocket): void;
  /** After a commit that wrote outbox rows: publish them now rather than at the next cron sweep. */
  nudgeRelay(): void;
}

/** `onLoad` runs after each load of the conversation from Postgres (see RoomConversation). */
export function roomContext(
  state: DurableObjectState,
  env: Env,
  limits: () => RoomLimits,
  onLoad: (conversation: RoomState) => void,
): RoomContext {
  const config = readConfig(env);
  const db = new IdleDb(config, () => limits().idleCloseMs);
  const recentWindow = new RecentWindow(state.storage.sql, limits().windowSize);
  const conversation = new RoomConversation(state.storage.kv, db, onLoad, limits, () => recentWindow.flush());
  // Sockets the room ended (their authority ended) are closing: they get nothing more.
  const open = (kind?: 'agent' | 'visitor') => state.getWebSockets(kind).filter((ws) => !hasEnded(ws));
  const broadcast = (frame: RoomServerFrame, except?: WebSocket) => sendToAll(open(), frame, except);
  return {
    storage: state.storage,
    db,
    window: recentWindow,
    conversation,
    inboxes: env.PROJECT_INBOX,
    metrics: metricsOf(env),
    limits,
    sockets: open,
    background: (work) => state.waitUntil(work),
    attachmentUrl: (messageId) => signAttachmentUrl(config.AUTH_JWT_KEYS, messageId),
    broadcast,
    broadcastConversation: () => {
      const current = conversation.current;
      if (current) broadcast({ type: 'conversation', conversation: toSummary(current) });
    },
    broadcastPresence: (except) => {
      const agents = agentsPresent(open('agent'), except);
      broadcast({ type: 'presence', agents }, except);
    },
    nudgeRelay: () => nudgeRelay(config, env.EVENTS, (p) => state.waitUntil(p)),
  };
}
