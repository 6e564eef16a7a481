// ConversationRoom: one Durable Object per conversation, and the dispatcher of its sockets and RPC.
// It owns the conversation's order (`seq`): sends are group-committed (room/group-commit.ts), acked
// after commit and broadcast; missed messages are replayed (room/replay.ts); read marks are flushed
// by the alarm (room/reads.ts); status and assignment change through room/status.ts. Sockets use the
// Hibernation API: what a socket needs after a wake is in its attachment or in storage. The Worker
// authenticates every participant; the room trusts only what it was handed, and closes a socket
// whose authority ended when told so or when its own re-check finds out (room/authority.ts).

import { DurableObject } from 'cloudflare:workers';
import type { Availability } from '../contract/availability.ts';
import type { ConversationStatus } from '../contract/enums.ts';
import type { ConversationSummary, MessageDeletion, RoomClientFrame } from '../contract/frames.ts';
import type { ConversationRating } from '../contract/ratings.ts';
import type { Deleter } from '../core/conversations/deletion.ts';
import {
  type Actor,
  type AgentSocketsTarget,
  type ChangeResult,
  CONVERSATION_HEADER,
  type ConversationRef,
  conversationRefSchema,
  IDENTITY_HEADER,
  type Participant,
  participantSchema,
  type Reader,
  type SendInput,
  type SendResult,
} from '../core/conversations/room-api.ts';
import type { RoomState } from '../core/conversations/state.ts';
import { readConfig } from '../core/platform/config.ts';
import {
  annotateLogContext,
  errorFields,
  log,
  newRequestId,
  REQUEST_ID_HEADER,
  requestIdOf,
  type Trace,
  traceFrom,
  withLogContext,
} from '../core/platform/log.ts';
import { Metrics, type MetricsSink } from '../core/platform/metrics.ts';
import { AssignOnReply } from './room/assign-on-reply.ts';
import { RoomAuthority } from './room/authority.ts';
import { type RoomContext, roomContext } from './room/context.ts';
import type { RoomConversation } from './room/conversation.ts';
import { MessageDeletions } from './room/deletion.ts';
import { agentsPresent, answerSend, connections, sendError, sendFrame, sendToAll, welcome } from './room/delivery.ts';
import { asResult, authorOf, failure, RoomError } from './room/errors.ts';
import { parseLastSeq, parseRoomFrame } from './room/frames.ts';
import { GroupCommit } from './room/group-commit.ts';
import { ROOM_LIMITS, type RoomLimits } from './room/limits.ts';
import { FrameLimiter } from './room/rate-limit.ts';
import { type Rater, RoomRatings } from './room/ratings.ts';
import { RoomReads } from './room/reads.ts';
import { Replays } from './room/replay.ts';
import { StatusChanges, snoozeEnded } from './room/status.ts';
import { ERASED, endSocket, hasEnded } from './shared/authority.ts';
import { httpError, jsonHeader, reciprocateClose } from './shared/transport.ts';

/** Whose send bucket a message takes from: one per participant, whatever socket or route it came by. */
const senderKey = (p: Participant) => `${p.kind}:${p.id}`;

export class ConversationRoom extends DurableObject<Env> {
  /** Tunables (see room/limits.ts); tests tighten them on one instance. */
  limits: RoomLimits = { ...ROOM_LIMITS };
  private readonly room: RoomContext;
  private readonly conversation: RoomConversation;
  private readonly replays: Replays;
  private readonly reads: RoomReads;
  private readonly status: StatusChanges;
  private readonly sends: GroupCommit;
  private readonly authority: RoomAuthority;
  private readonly deletions: MessageDeletions;
  private readonly ratings: RoomRatings;
  private readonly assignOnReply: AssignOnReply;
  private readonly limiter = new FrameLimiter(() => this.limits);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Benchmarks and load tests retune rooms through the ROOM_LIMITS variable (parsed with the config).
    this.limits = { ...ROOM_LIMITS, ...readConfig(env).ROOM_LIMITS };
    // After a wake or an uncertain commit: sockets behind the committed seq get what they missed.
    const catchUp = (state: RoomState) => this.replays.catchUp(ctx.getWebSockets(), state.lastSeq);
    const room = roomContext(ctx, env, () => this.limits, catchUp);
    this.room = room;
    this.conversation = room.conversation;
    this.replays = new Replays(room);
    this.reads = new RoomReads(room, () => this.authority.due());
    this.authority = new RoomAuthority(room, () => this.reads.scheduleAlarm());
    this.status = new StatusChanges(room, () => this.reads.scheduleAlarm());
    this.deletions = new MessageDeletions(room);
    this.ratings = new RoomRatings(room);
    this.assignOnReply = new AssignOnReply(room, (agentId) =>
      this.change(() => this.status.assign({ kind: 'agent', id: agentId }, agentId, true)),
    );
    this.sends = new GroupCommit(room, (batch, changes, state) => {
      this.replays.deliver(batch);
      if (changes.reopened) room.broadcastConversation();
      // The inbox hears of it from the events consumer, with the denormalized fields it keeps.
      room.nudgeRelay();
      this.assignOnReply.committed(batch, state);
    });
    // Keep-alive pings are answered without waking a hibernating room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Whether the room holds a Postgres connection right now (it must not while idle). */
  get postgresOpen(): boolean {
    return this.room.db.open;
  }

  /** How many times this instance used Postgres (tests: a reconnect to a known room uses none). */
  get postgresUses(): number {
    return this.room.db.uses;
  }

  /** Changes tunables on this instance (tests; an eviction restores the defaults). */
  tune(limits: Partial<RoomLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.room.db.rearm();
  }

  /** Writes this instance's metrics to `sink` instead of the METRICS binding (tests). */
  measureWith(sink: MetricsSink): void {
    this.room.metrics = new Metrics(sink);
  }

  /** Runs `fn` with the caller's request id (or a new one) and the conversation on its log lines. */
  private traced<T>(trace: unknown, ref: ConversationRef | undefined, fn: () => T): T {
    const conversation = ref ?? this.conversation.ref();
    return withLogContext(
      {
        ...traceFrom(trace),
        ...(conversation ? { conversationId: conversation.id, projectId: conversation.projectId } : {}),
      },
      fn,
    );
  }

  // ---- Socket lifecycle: upgrade (the only use of fetch), frames, close --------------------

  override fetch(request: Request): Promise<Response> {
    const trace = { requestId: requestIdOf(request.headers, REQUEST_ID_HEADER) };
    return this.traced(trace, undefined, () => this.upgrade(request));
  }

  private async upgrade(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return httpError(426, 'upgrade_required', 'Expected a WebSocket upgrade');
    }
    const participant = participantSchema.safeParse(jsonHeader(request, IDENTITY_HEADER));
    const ref = conversationRefSchema.safeParse(jsonHeader(request, CONVERSATION_HEADER));
    if (!participant.success || !ref.success) return httpError(400, 'invalid_request', 'Missing identity');
    annotateLogContext({ conversationId: ref.data.id, projectId: ref.data.projectId });
    let state: RoomState | null;
    try {
      state = await this.conversation.admit(ref.data, participant.data);
    } catch (err) {
      const { code, message } = failure(err);
      return httpError(code === 'not_found' ? 404 : 503, code, message);
    }
    if (!state) return httpError(404, 'not_found', 'Conversation not found');
    if (participant.data.kind === 'visitor' && state.visitor.blocked) {
      return httpError(403, 'visitor_blocked', 'This visitor was blocked');
    }
    // A visitor is named as the conversation knows them, not as the token was issued.
    const who: Participant =
      participant.data.kind === 'visitor' ? { ...participant.data, name: state.visitor.name } : participant.data;
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [who.kind]);
    connections.write(server, { participant: who, delivered: state.lastSeq, sentFrom: state.lastSeq });
    welcome(server, who, state, agentsPresent(this.room.sockets('agent')));
    const resumeFrom = parseLastSeq(new URL(request.url).searchParams.get('lastSeq'));
    if (resumeFrom === 'malformed')
      sendError(server, 'bad_frame', 'lastSeq must be an integer ≥ 0; send a resume frame');
    else if (resumeFrom !== 'absent') this.replays.resume(server, resumeFrom);
    // Only a conversation that was ever resolved has a rating to tell.
    if (state.resolvedAt) this.room.background(this.ratings.greet(server));
    if (who.kind === 'agent') this.room.broadcastPresence();
    // Off the upgrade's path: a reconnect storm must not queue every visitor behind one inbox.
    else this.room.background(this.visitorJoined(server, ref.data));
    // After the welcome (nothing may overtake it): an agent's socket is registered with the inbox.
    // An agent's authority was checked by the Worker just now; a visitor's when the room's copy was read.
    await this.authority.accepted(server, who, who.kind === 'agent' ? Date.now() : this.conversation.checkedAt);
    log.info('socket opened', { participant: who.kind });
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    // A frame has no request of its own: an id per frame ties together what it logs.
    return this.traced({ requestId: newRequestId() }, undefined, () => this.frame(ws, raw));
  }

  private async frame(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    try {
      const connection = connections.read(ws);
      if (!connection) return reciprocateClose(ws, 1011, 'unknown socket');
      // A socket whose authority ended is closing: nothing it still sends is handled.
      if (hasEnded(ws)) return;
      const parsed = parseRoomFrame(raw);
      if (!parsed.ok) {
        return sendError(ws, parsed.code, parsed.message, parsed.clientId ? { clientId: parsed.clientId } : {});
      }
      const { frame } = parsed;
      const now = Date.now();
      const wait =
        frame.type === 'send' ? this.limiter.send(senderKey(connection.participant), now) : this.limiter.frame(ws, now);
      if (wait > 0) {
        return sendError(ws, 'rate_limited', 'Too many frames', {
          retryAfterMs: wait,
          ...(frame.type === 'send' ? { clientId: frame.clientId } : {}),
        });
      }
      // A send or delete is handled only while its sender's authority holds (re-checked after the interval).
      if (
        (frame.type === 'send' || frame.type === 'delete' || frame.type === 'rate') &&
        !(await this.authority.stillAllowed(ws))
      )
        return;
      await this.handleFrame(ws, connection.participant, frame);
    } catch (err) {
      // One bad frame never kills the socket or the room.
      if (err instanceof RoomError) return sendError(ws, err.code, err.message);
      log.error('room frame failed', errorFields(err));
      sendError(ws, 'unavailable', 'Frame could not be handled; retry');
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.traced({ requestId: newRequestId() }, undefined, () => this.closed(ws, code, reason));
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.traced({ requestId: newRequestId() }, undefined, () => this.closed(ws, 1011, 'socket error'));
  }

  private closed(ws: WebSocket, code: number, reason: string): void {
    this.replays.forget(ws);
    reciprocateClose(ws, code, reason);
    const participant = connections.read(ws)?.participant;
    if (participant?.kind === 'agent') this.room.broadcastPresence(ws);
    if (participant) this.authority.closed(ws, participant);
    if (participant?.kind === 'visitor') this.visitorLeft(ws);
  }

  // ---- Availability: the project's inbox tells rooms with visitors (inbox/availability.ts) ----

  /** A visitor socket opened: the room subscribes to the project's availability and passes on the current one. */
  private async visitorJoined(ws: WebSocket, ref: ConversationRef): Promise<void> {
    try {
      const availability = await this.room.inboxes.getByName(ref.projectId).visitorRoomOpened(ref.id);
      sendFrame(ws, { type: 'availability', availability });
    } catch (err) {
      // The widget keeps the state its session gave it; the next change reaches it or not.
      log.error('availability subscribe failed', errorFields(err));
    }
  }

  /** The last visitor socket closed: the inbox stops telling this room. */
  private visitorLeft(ws: WebSocket): void {
    const ref = this.conversation.ref();
    if (!ref || this.room.sockets('visitor').some((s) => s !== ws)) return;
    this.room.background(
      this.room.inboxes
        .getByName(ref.projectId)
        .visitorRoomClosed(ref.id)
        .catch((err: unknown) => log.error('availability unsubscribe failed', errorFields(err))),
    );
  }

  /** The project's availability changed: visitors hear it. Returns how many visitor sockets are open. */
  async availabilityChanged(availability: Availability): Promise<number> {
    const visitors = this.room.sockets('visitor');
    sendToAll(visitors, { type: 'availability', availability });
    return visitors.length;
  }

  private async handleFrame(ws: WebSocket, participant: Participant, frame: RoomClientFrame): Promise<void> {
    switch (frame.type) {
      case 'send': {
        const { type: _, ...input } = frame;
        this.sends.submit(participant, input, answerSend(ws, input.clientId));
        return;
      }
      case 'resume':
        if (this.replays.running(ws)) return sendError(ws, 'bad_frame', 'A resume is already in progress');
        this.replays.resume(ws, frame.lastSeq);
        return;
      case 'typing': {
        // Only agents type private notes; a visitor's flag is ignored rather than trusted.
        const agentsOnly = frame.private === true && participant.kind === 'agent';
        const sockets = this.room.sockets(agentsOnly ? 'agent' : undefined);
        sendToAll(sockets, { type: 'typing', author: authorOf(participant), on: frame.on }, ws);
        return;
      }
      case 'read':
        await this.reads.mark(participant, frame.seq);
        return;
      case 'delete': {
        // The `deleted` broadcast answers it; a refusal names the message.
        const result = await this.change(() => this.deletions.delete(participant, frame.messageId));
        if (!result.ok) sendError(ws, result.code, result.message, { messageId: frame.messageId });
        return;
      }
      case 'rate': {
        // The `rating` broadcast answers it (the sender's socket too).
        const rater: Rater = participant.kind === 'visitor' ? { kind: 'visitor', id: participant.id } : participant;
        const result = await this.change(() =>
          this.ratings.rate(rater, { rating: frame.rating, comment: frame.comment }),
        );
        if (!result.ok) sendError(ws, result.code, result.message);
        return;
      }
      case 'ping':
        sendFrame(ws, { type: 'pong' });
        return;
    }
  }

  // ---- RPC from the Worker -------------------------------------------------------------------

  /** A send over REST: the same rate limit, queue, commit and broadcast as a socket's send. */
  async send(ref: ConversationRef, participant: Participant, input: SendInput, trace?: Trace): Promise<SendResult> {
    return this.traced(trace, ref, () => {
      this.conversation.bind(ref);
      const wait = this.limiter.send(senderKey(participant), Date.now());
      if (wait > 0) return { ok: false, code: 'rate_limited', message: 'Too many messages', retryAfterMs: wait };
      return new Promise<SendResult>((resolve) => this.sends.submit(participant, input, resolve));
    });
  }

  async setStatus(
    ref: ConversationRef,
    actor: Actor,
    status: ConversationStatus,
    snoozedUntil: string | null,
    trace?: Trace,
  ): Promise<ChangeResult<ConversationSummary>> {
    return this.traced(trace, ref, () => {
      this.conversation.bind(ref);
      const until = snoozedUntil ? new Date(snoozedUntil) : null;
      return this.change(() => this.status.setStatus(actor, status, until));
    });
  }

  /** The Worker checked that the assignee is a member of the project. */
  async assign(
    ref: ConversationRef,
    actor: Actor,
    assigneeId: string | null,
    trace?: Trace,
  ): Promise<ChangeResult<ConversationSummary>> {
    return this.traced(trace, ref, () => {
      this.conversation.bind(ref);
      return this.change(() => this.status.assign(actor, assigneeId));
    });
  }

  /** A deletion over REST (an agent or an API token): the same checks, erasure and broadcast as a socket's. */
  async deleteMessage(
    ref: ConversationRef,
    by: Deleter,
    messageId: string,
    trace?: Trace,
  ): Promise<ChangeResult<MessageDeletion>> {
    return this.traced(trace, ref, () => {
      this.conversation.bind(ref);
      return this.change(() => this.deletions.delete(by, messageId));
    });
  }

  /**
   * A rating by a signed link of the follow-up email (the Worker checked the link): the same
   * decision, write and broadcast as a visitor's `rate` frame, for the resolution the link names.
   */
  async rate(
    ref: ConversationRef,
    input: { rating: number; comment?: string | null; resolvedAt: string },
    trace?: Trace,
  ): Promise<ChangeResult<ConversationRating>> {
    return this.traced(trace, ref, () => {
      this.conversation.bind(ref);
      const { resolvedAt, ...rest } = input;
      return this.change(() => this.ratings.rate({ kind: 'link' }, { ...rest, resolvedAt: new Date(resolvedAt) }));
    });
  }

  /** How many visitor sockets are open here (the follow-up email asks for a rating only when none is). */
  async visitorSockets(): Promise<number> {
    return this.room.sockets('visitor').length;
  }

  async markRead(ref: ConversationRef, reader: Reader, seq: number, trace?: Trace): Promise<ChangeResult<number>> {
    return this.traced(trace, ref, () => {
      this.conversation.bind(ref);
      return asResult(() => this.reads.mark(reader, seq));
    });
  }

  /**
   * An agent's sessions or membership ended (the Worker, through the project's inbox): their
   * sockets here close with the target's code. Returns how many of the agent's sockets are left.
   */
  async closeAgentSockets(target: AgentSocketsTarget, trace?: Trace): Promise<number> {
    return this.traced(trace, undefined, () => this.authority.closeAgents(target));
  }

  /** A Manager blocked the visitor: their sockets close, and the room reloads the visitor before the next one. */
  async closeVisitorSockets(ref: ConversationRef, visitorId: string, trace?: Trace): Promise<void> {
    return this.traced(trace, ref, async () => {
      this.conversation.bind(ref);
      this.authority.closeVisitor(visitorId);
      await this.conversation.locked(async () => this.conversation.forget());
    });
  }

  /**
   * The conversation was erased (the Worker committed that in Postgres first): every socket closes
   * (4403) and the room forgets all it kept — its message window, pending read marks, which
   * conversation it served, its alarm (ARCHITECTURE invariant 11). After every write in flight.
   */
  async erase(): Promise<void> {
    await this.conversation.locked(async () => {
      for (const ws of this.ctx.getWebSockets()) endSocket(ws, ERASED);
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      this.conversation.reset();
      this.ratings.reset();
      this.room.window.reset();
    });
  }

  /** The conversation row changed outside the room (its visitor was merged): reload it before use. */
  async reload(ref: ConversationRef, trace?: Trace): Promise<void> {
    return this.traced(trace, ref, async () => {
      this.conversation.bind(ref);
      await this.conversation.locked(async () => this.conversation.forget());
    });
  }

  // ---- Alarm: sockets' authority (the backstop), read-mark flush, snooze expiry -------------

  override alarm(): Promise<void> {
    return this.traced({ requestId: newRequestId() }, undefined, () => this.onAlarm());
  }

  private async onAlarm(): Promise<void> {
    try {
      if (!this.conversation.ref()) return;
      await this.authority.checkIfDue(Date.now());
      await this.reads.flush();
      // 'now': a room woken only by its alarm lets Postgres go at once and hibernates again.
      if (snoozeEnded(await this.conversation.loaded('now'), Date.now())) {
        await this.change(() => this.status.setStatus({ kind: 'system' }, 'open', null));
      }
    } catch (err) {
      log.error('room alarm failed', errorFields(err));
      await this.ctx.storage.setAlarm(Date.now() + 5_000);
      return;
    }
    await this.reads.scheduleAlarm();
  }

  // ---- Plumbing ---------------------------------------------------------------------------

  /** A status or assignment change, after every other write, answered rather than thrown. */
  private change<T>(fn: () => Promise<T>): Promise<ChangeResult<T>> {
    return asResult(() => this.conversation.locked(fn));
  }
}
