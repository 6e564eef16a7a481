// The room's side of revocation: it closes the sockets of an agent or visitor whose authority
// ended when the Worker says so (through the project's inbox for agents), tells that inbox which
// agents hold sockets here (its registry), and re-checks every socket against Postgres on the alarm
// while agents are connected, and a socket's own `send` when its last check is older than the
// interval (the backstop; durable-objects/shared/authority.ts).
import type { AgentSocketsTarget, Participant } from '../../core/conversations/room-api.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import {
  type Ending,
  endSocket,
  hasEnded,
  lastChecked,
  markChecked,
  type SocketHolder,
  standingOf,
  targets,
  VISITOR_BLOCKED,
  verdict,
} from '../shared/authority.ts';
import type { RoomContext } from './context.ts';
import { connections } from './delivery.ts';

const DUE_KEY = 'authority:due';

type InboxStub = ReturnType<RoomContext['inboxes']['getByName']>;

const holderOf = (p: Participant): SocketHolder =>
  p.kind === 'agent' ? { kind: 'agent', id: p.id, sessionId: p.sessionId } : { kind: 'visitor', id: p.id };

export class RoomAuthority {
  private readonly room: RoomContext;
  private readonly scheduleAlarm: () => Promise<void>;
  /** Registry reports to the inbox, in order (an open must not overtake the close before it). */
  private registry: Promise<void> = Promise.resolve();

  constructor(room: RoomContext, scheduleAlarm: () => Promise<void>) {
    this.room = room;
    this.scheduleAlarm = scheduleAlarm;
  }

  /** When the next check is due (null: no agent socket needs one). */
  due(): number | null {
    return this.room.storage.kv.get<number>(DUE_KEY) ?? null;
  }

  /**
   * A socket was accepted, its authority last checked at `checkedAt` (its first `send` re-checks
   * it when that is older than the interval); an agent's is registered with the inbox.
   */
  async accepted(ws: WebSocket, participant: Participant, checkedAt: number): Promise<void> {
    markChecked(ws, checkedAt);
    if (participant.kind !== 'agent') return;
    const wanted = Date.now() + this.room.limits().authorityCheckMs;
    const due = this.due();
    if (due === null || due > wanted) this.room.storage.kv.put(DUE_KEY, wanted);
    await this.scheduleAlarm();
    await this.report((inbox, conversationId) => inbox.agentSocketOpened(participant.id, conversationId));
  }

  /** A socket closed: the inbox forgets the agent here once their last socket is gone. */
  closed(ws: WebSocket, participant: Participant): void {
    if (participant.kind !== 'agent' || this.socketsOf(participant.id, ws).length > 0) return;
    this.room.background(
      this.report((inbox, conversationId) => inbox.agentSocketsClosed(participant.id, conversationId)),
    );
  }

  /** The Worker (through the inbox) ended an agent's sessions or membership: returns the agent's sockets left here. */
  closeAgents(target: AgentSocketsTarget): number {
    const ending: Ending = { code: target.code, reason: target.reason };
    let closed = 0;
    for (const ws of this.room.sockets('agent')) {
      const p = connections.read(ws)?.participant;
      if (p && targets(holderOf(p), target)) {
        endSocket(ws, ending);
        closed++;
      }
    }
    if (closed > 0) {
      this.room.broadcastPresence();
      log.info('sockets closed', {
        participant: 'agent',
        userId: target.userId,
        count: closed,
        closeCode: target.code,
      });
    }
    return this.socketsOf(target.userId).length;
  }

  /** A Manager blocked the conversation's visitor: their sockets close. */
  closeVisitor(visitorId: string): void {
    let closed = 0;
    for (const ws of this.room.sockets('visitor')) {
      if (connections.read(ws)?.participant.id === visitorId) {
        endSocket(ws, VISITOR_BLOCKED);
        closed++;
      }
    }
    if (closed > 0)
      log.info('sockets closed', { participant: 'visitor', count: closed, closeCode: VISITOR_BLOCKED.code });
  }

  /** Before a socket's `send`: re-checks it when its last check is older than the interval; false if it was ended. */
  async stillAllowed(ws: WebSocket): Promise<boolean> {
    if (Date.now() - lastChecked(ws) < this.room.limits().authorityCheckMs) return !hasEnded(ws);
    // A commit follows: the connection stays open for it.
    await this.check([ws], 'idle');
    return !hasEnded(ws);
  }

  /** The alarm's part: every socket is checked when due; re-armed while agents are connected. */
  async checkIfDue(now: number): Promise<void> {
    const due = this.due();
    if (due === null || due > now) return;
    if (this.room.sockets('agent').length === 0) {
      this.room.storage.kv.delete(DUE_KEY);
      return;
    }
    // Re-armed before checking, so a failed check is tried again at the next interval.
    this.room.storage.kv.put(DUE_KEY, now + this.room.limits().authorityCheckMs);
    // The alarm goes on to load the conversation: it takes the connection over and releases it.
    await this.check(this.room.sockets(), 'idle');
  }

  private async check(sockets: readonly WebSocket[], release: 'idle' | 'now'): Promise<void> {
    const ref = this.room.conversation.ref();
    const open = sockets.filter((ws) => !hasEnded(ws));
    const holders = open.flatMap((ws) => {
      const p = connections.read(ws)?.participant;
      return p ? [{ ws, holder: holderOf(p) }] : [];
    });
    if (!ref || holders.length === 0) return;
    const standing = await this.room.db.use(
      ({ db }) =>
        standingOf(
          db,
          ref.projectId,
          holders.map((h) => h.holder),
        ),
      release,
    );
    const now = Date.now();
    let closedAgent = false;
    for (const { ws, holder } of holders) {
      const ending = verdict(holder, standing);
      if (ending) {
        endSocket(ws, ending);
        if (holder.kind === 'agent') closedAgent = true;
      } else markChecked(ws, now);
    }
    if (closedAgent) this.room.broadcastPresence();
  }

  private socketsOf(userId: string, except?: WebSocket): WebSocket[] {
    return this.room
      .sockets('agent')
      .filter((ws) => ws !== except && !hasEnded(ws) && connections.read(ws)?.participant.id === userId);
  }

  private report(call: (inbox: InboxStub, conversationId: string) => Promise<unknown>): Promise<void> {
    const ref = this.room.conversation.ref();
    if (!ref) return Promise.resolve();
    const inbox = this.room.inboxes.getByName(ref.projectId);
    this.registry = this.registry
      .then(() => call(inbox, ref.id))
      .then(() => undefined)
      .catch((err: unknown) => {
        // The backstop still covers this agent's sockets; the next revocation finds them or not.
        log.error('inbox registry failed', errorFields(err));
      });
    return this.registry;
  }
}
