// The inbox's side of revocation: it closes a revoked agent's dashboard sockets, passes the
// revocation on to the rooms where that agent has sockets (AgentRooms), and re-checks its sockets
// against Postgres on its alarm while any is open (the backstop; durable-objects/shared/authority.ts).
import type { AgentSocketsTarget } from '../../core/conversations/room-api.ts';
import { readConfig } from '../../core/platform/config.ts';
import { errorFields, log, type Trace } from '../../core/platform/log.ts';
import {
  type Ending,
  endSocket,
  hasEnded,
  type SocketHolder,
  standingOf,
  targets,
  verdict,
} from '../shared/authority.ts';
import { IdleDb } from '../shared/idle-db.ts';
import { AgentRooms } from './agent-rooms.ts';

/** What the inbox knows of a dashboard socket's holder. */
export type HolderOf = (ws: WebSocket) => (SocketHolder & { kind: 'agent' }) | null;

export class InboxAuthority {
  private readonly ctx: DurableObjectState;
  private readonly env: Env;
  private readonly holderOf: HolderOf;
  private readonly db: IdleDb;
  readonly rooms: AgentRooms;
  /** How often the sockets are re-checked (tests shorten it). */
  interval: number;

  constructor(ctx: DurableObjectState, env: Env, holderOf: HolderOf, interval: number) {
    this.ctx = ctx;
    this.env = env;
    this.holderOf = holderOf;
    this.interval = interval;
    this.db = new IdleDb(readConfig(env), () => 0);
    this.rooms = new AgentRooms(ctx.storage.sql);
  }

  /** A dashboard socket was accepted: a check is due within the interval. */
  async accepted(): Promise<void> {
    const wanted = Date.now() + this.interval;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > wanted) await this.ctx.storage.setAlarm(wanted);
  }

  /**
   * Closes the target's dashboard sockets here, then asks every room where the agent has a
   * socket to do the same; a room that reports none left is dropped from the registry.
   * Returns whether any dashboard socket was closed (presence changed).
   */
  async close(target: AgentSocketsTarget, trace: Trace): Promise<boolean> {
    const ending: Ending = { code: target.code, reason: target.reason };
    let closed = 0;
    for (const ws of this.ctx.getWebSockets(target.userId)) {
      const holder = this.holderOf(ws);
      if (holder && targets(holder, target)) {
        endSocket(ws, ending);
        closed++;
      }
    }
    if (closed > 0)
      log.info('sockets closed', {
        participant: 'agent',
        userId: target.userId,
        count: closed,
        closeCode: target.code,
      });
    const conversations = this.rooms.of(target.userId);
    const left = await Promise.allSettled(
      conversations.map((id) => this.env.CONVERSATION_ROOM.getByName(id).closeAgentSockets(target, trace)),
    );
    left.forEach((result, i) => {
      const id = conversations[i];
      if (result.status === 'fulfilled' && result.value === 0 && id) this.rooms.closed(target.userId, id);
      if (result.status === 'rejected')
        log.error('room close failed', { conversationId: id, ...errorFields(result.reason) });
    });
    return closed > 0;
  }

  /** The alarm: every open socket's holder checked against Postgres; re-armed while any is open. Returns whether any closed. */
  async check(projectId: string): Promise<boolean> {
    const open = this.ctx.getWebSockets().filter((ws) => !hasEnded(ws));
    if (open.length === 0) return false;
    // Re-armed first, so a failed check is tried again at the next interval.
    await this.ctx.storage.setAlarm(Date.now() + this.interval);
    const holders = open.flatMap((ws) => {
      const holder = this.holderOf(ws);
      return holder ? [{ ws, holder }] : [];
    });
    const standing = await this.db.use(
      ({ db }) =>
        standingOf(
          db,
          projectId,
          holders.map((h) => h.holder),
        ),
      'now',
    );
    let closed = false;
    for (const { ws, holder } of holders) {
      const ending = verdict(holder, standing);
      if (ending) {
        endSocket(ws, ending);
        closed = true;
      }
    }
    return closed;
  }
}
