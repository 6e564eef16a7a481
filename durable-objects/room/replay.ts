// Replay: catches a socket up on everything after a seq, in order (the recent window first, else
// pages from Postgres), then says `resumed`. Live broadcasts skip the socket meanwhile; it is
// marked delivered with no await after the last check, so nothing is skipped or sent twice.
import { messagesAfter } from '../../core/conversations/commit.ts';
import { fromRow, type RoomMessage, toWireMessage, visibleTo } from '../../core/conversations/message.ts';
import type { Participant } from '../../core/conversations/room-api.ts';
import type { RoomState } from '../../core/conversations/state.ts';
import type { RoomContext } from './context.ts';
import { connections, deliverBatch, sendError, sendFrame } from './delivery.ts';
import { failure } from './errors.ts';

const REPLAY_PAGE = 500;

export interface ReplaySteps<S extends { lastSeq: number }> {
  /** The conversation as committed now: its lastSeq moves on while a replay runs. */
  latest(): Promise<S>;
  /** Messages with seq in (after, upTo], in order; a page of them at most. */
  page(state: S, after: number, upTo: number): Promise<readonly RoomMessage[]>;
  send(state: S, message: RoomMessage): void;
  /** Called with the seq reached, with no await since the last look at `latest`. */
  caughtUp(cursor: number): void;
}

/** Sends `kind` every message after `after` it may see, page by page until it reaches lastSeq. */
export async function replayAfter<S extends { lastSeq: number }>(
  after: number,
  kind: Participant['kind'],
  steps: ReplaySteps<S>,
): Promise<void> {
  let cursor = Math.max(0, after);
  for (;;) {
    const state = await steps.latest();
    if (cursor >= state.lastSeq) {
      cursor = Math.min(cursor, state.lastSeq);
      break;
    }
    const page = await steps.page(state, cursor, state.lastSeq);
    if (page.length === 0) break;
    for (const m of page) {
      if (visibleTo(kind, m)) steps.send(state, m);
      cursor = m.seq;
    }
  }
  steps.caughtUp(cursor);
}

/** What a `resume` from `requested` sends on a socket that was already sent (sentFrom, delivered]. */
export interface ResumePlan {
  /** Messages in (after, upTo] this socket never had: sent first (null: none). */
  fill: { after: number; upTo: number } | null;
  /** Then everything after this seq, up to the conversation's last. */
  from: number;
  /** The socket's new `sentFrom` once the replay is done. */
  sentFrom: number;
}

/**
 * A socket never gets a message twice: the part of the request this socket was already sent is
 * skipped (two `resume` frames in a row, or a resume after `?lastSeq=`, replay nothing again).
 */
export function resumePlan(requested: number, sentFrom: number, delivered: number): ResumePlan {
  const after = Math.max(0, requested);
  if (after < sentFrom) return { fill: { after, upTo: sentFrom }, from: delivered, sentFrom: after };
  if (after <= delivered) return { fill: null, from: delivered, sentFrom };
  // The client says it has seen past what this socket sent (on an earlier socket): believe it.
  return { fill: null, from: after, sentFrom: after };
}

/** The room's running replays, one per socket at most. */
export class Replays {
  private readonly room: RoomContext;
  /** Sockets being replayed to; live broadcasts skip them until their replay catches up. */
  private readonly active = new Set<WebSocket>();

  constructor(room: RoomContext) {
    this.room = room;
  }

  running(ws: WebSocket): boolean {
    return this.active.has(ws);
  }

  /** The socket closed: a replay still running for it sends into the void and ends. */
  forget(ws: WebSocket): void {
    this.active.delete(ws);
  }

  /** A client's `resume` (or `?lastSeq=`): what this socket has not been sent yet, then `resumed`. */
  resume(ws: WebSocket, requested: number): void {
    const connection = connections.read(ws);
    if (!connection) return;
    const plan = resumePlan(requested, connection.sentFrom ?? connection.delivered, connection.delivered);
    // Messages up to `requested` the client already has: tell it which of them were deleted since.
    const withPrivate = connection.participant.kind === 'agent';
    for (const deletion of this.room.window.deletionsUpTo(Math.max(0, requested), withPrivate)) {
      sendFrame(ws, { type: 'deleted', deletion });
    }
    this.active.add(ws);
    this.room.background(this.run(ws, plan));
  }

  /** Catches a socket up from what it was delivered (it missed a batch, or the room woke behind it). */
  start(ws: WebSocket, after: number): void {
    const connection = connections.read(ws);
    const sentFrom = connection?.sentFrom ?? connection?.delivered ?? after;
    this.active.add(ws);
    this.room.background(this.run(ws, { fill: null, from: after, sentFrom: Math.min(sentFrom, after) }));
  }

  /** Live delivery of a committed batch: sockets being replayed skip it, sockets behind it are replayed. */
  deliver(batch: readonly RoomMessage[]): void {
    const { room } = this;
    deliverBatch(room.sockets(), room.conversation.current?.id ?? '', batch, room.attachmentUrl, {
      replaying: (ws) => this.active.has(ws),
      // This socket missed something (e.g. a failed replay): catch it up in order instead.
      behind: (ws, delivered) => this.start(ws, delivered),
    });
  }

  /** After a load (a wake, an uncertain commit): sockets behind the committed seq get what they missed. */
  catchUp(sockets: readonly WebSocket[], lastSeq: number): void {
    for (const ws of sockets) {
      const connection = connections.read(ws);
      if (connection && connection.delivered < lastSeq && !this.active.has(ws)) this.start(ws, connection.delivered);
    }
  }

  private async run(ws: WebSocket, plan: ResumePlan): Promise<void> {
    const { room } = this;
    try {
      const connection = connections.read(ws);
      if (!connection) return;
      const steps = {
        page: async (state: RoomState, from: number, upTo: number) =>
          room.window.range(from, upTo) ??
          (await room.db.use(({ db }) => messagesAfter(db, state.id, from, upTo, REPLAY_PAGE))).map(fromRow),
        send: (state: RoomState, m: RoomMessage) =>
          sendFrame(ws, { type: 'message', message: toWireMessage(state.id, m, room.attachmentUrl) }),
      };
      const { fill } = plan;
      if (fill) {
        // The older part this socket never had, up to a fixed seq; live messages wait for the next step.
        await replayAfter(fill.after, connection.participant.kind, {
          ...steps,
          latest: async () => ({ ...(await room.conversation.loaded()), lastSeq: fill.upTo }),
          caughtUp: () => undefined,
        });
      }
      await replayAfter(plan.from, connection.participant.kind, {
        ...steps,
        latest: () => room.conversation.loaded(),
        caughtUp: (cursor) => {
          const current = connections.read(ws) ?? connection;
          connections.write(ws, { ...current, delivered: cursor, sentFrom: Math.min(plan.sentFrom, cursor) });
          sendFrame(ws, { type: 'resumed', lastSeq: cursor });
        },
      });
    } catch (err) {
      sendError(ws, failure(err).code, 'Could not replay missed messages; resume again');
    } finally {
      this.active.delete(ws);
    }
  }
}
