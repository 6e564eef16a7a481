// ConversationRoom: one Durable Object per conversation. It owns the conversation's order (`seq`),
// commits sends to Postgres in groups (message + outbox rows in one statement), acks after commit,
// broadcasts, replays missed messages on resume, and relays typing, read marks and agent presence.
// Sockets use the Hibernation API; everything a socket needs after a wake is in its attachment or
// in storage. The Worker authenticates every participant; the room trusts only what it was handed.

import { DurableObject } from 'cloudflare:workers';
import type { ConversationStatus } from '../contract/enums.ts';
import { assigned, statusChanged } from '../contract/events.ts';
import type { ConversationSummary, ErrorCode, RoomClientFrame, RoomServerFrame } from '../contract/frames.ts';
import { signAttachmentUrl } from '../core/conversations/attachment-url.ts';
import { loadConversation, writeAssignee, writeReads, writeStatus } from '../core/conversations/changes.ts';
import { messagesAfter } from '../core/conversations/commit.ts';
import { fromRow, type RoomMessage, toWireMessage, visibleTo } from '../core/conversations/message.ts';
import {
  type Actor,
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
import { applyRow, type RoomState, toSummary } from '../core/conversations/state.ts';
import { nudgeRelay } from '../core/events/outbox.ts';
import { type Config, readConfig } from '../core/platform/config.ts';
import { readConnection, writeConnection } from './room/connection.ts';
import { agentsPresent, deliverBatch, sendToAll } from './room/delivery.ts';
import { authorOf, failure, RoomError } from './room/errors.ts';
import { parseRoomFrame } from './room/frames.ts';
import { GroupCommit } from './room/group-commit.ts';
import { ROOM_LIMITS, type RoomLimits } from './room/limits.ts';
import { type Bucket, newBucket, take } from './room/rate-limit.ts';
import { PendingReads } from './room/read-marks.ts';
import { RecentWindow } from './room/window.ts';
import { IdleDb } from './shared/idle-db.ts';
import { httpError, jsonHeader, reciprocateClose, safeSend } from './shared/transport.ts';

const REPLAY_PAGE = 500;
const REF_KEY = 'ref';

export class ConversationRoom extends DurableObject<Env> {
  /** Tunables (see room/limits.ts); tests tighten them on one instance. */
  limits: RoomLimits = { ...ROOM_LIMITS };
  private readonly config: Config;
  private readonly db: IdleDb;
  private readonly window: RecentWindow;
  private readonly reads: PendingReads;
  private readonly sends: GroupCommit;
  private state: RoomState | null = null;
  private loading: Promise<RoomState> | null = null;
  private writeLock: Promise<unknown> = Promise.resolve();
  private inboxChain: Promise<void> = Promise.resolve();
  private boundRef: ConversationRef | undefined;
  /** Sockets being replayed to; live broadcasts skip them until their replay catches up. */
  private readonly replaying = new Set<WebSocket>();
  private readonly buckets = new WeakMap<WebSocket, { send: Bucket; frames: Bucket }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = readConfig(env);
    // Benchmarks and load tests retune rooms through the ROOM_LIMITS variable (parsed with the config).
    this.limits = { ...ROOM_LIMITS, ...this.config.ROOM_LIMITS };
    this.db = new IdleDb(this.config, () => this.limits.idleCloseMs);
    this.window = new RecentWindow(ctx.storage.sql, this.limits.windowSize);
    this.reads = new PendingReads(ctx.storage.kv);
    this.sends = new GroupCommit({
      limits: () => this.limits,
      db: this.db,
      window: this.window,
      loaded: () => this.loaded(),
      forget: () => {
        this.state = null;
      },
      locked: (fn) => this.locked(fn),
      background: (work) => this.ctx.waitUntil(work),
      committed: (base, row, batch, changes) => {
        // Read marks the room holds (unflushed reads, the writers' own) may be ahead of the row.
        const state = applyRow(base.visitor, row);
        state.agentReadSeq = Math.max(state.agentReadSeq, changes.agentReadSeq);
        state.visitorReadSeq = Math.max(state.visitorReadSeq, changes.visitorReadSeq);
        this.state = state;
        this.window.append(batch);
      },
      published: (batch, changes) => {
        this.broadcastMessages(batch);
        if (changes.reopened) this.broadcastConversation();
        // The inbox hears of it from the events consumer, with the denormalized fields it keeps.
        this.nudgeRelay();
      },
    });
    // Keep-alive pings are answered without waking a hibernating room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Whether the room holds a Postgres connection right now (it must not while idle). */
  get postgresOpen(): boolean {
    return this.db.open;
  }

  /** Changes tunables on this instance (tests; an eviction restores the defaults). */
  tune(limits: Partial<RoomLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.db.rearm();
  }

  // ---- WebSocket upgrade (the only use of fetch) -------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return httpError(426, 'upgrade_required', 'Expected a WebSocket upgrade');
    }
    const participant = participantSchema.safeParse(jsonHeader(request, IDENTITY_HEADER));
    const ref = conversationRefSchema.safeParse(jsonHeader(request, CONVERSATION_HEADER));
    if (!participant.success || !ref.success) return httpError(400, 'invalid_request', 'Missing identity');
    let who: Participant = participant.data;
    let state: RoomState;
    try {
      if (who.kind === 'visitor') {
        const owned = await this.visitorsConversation(ref.data, who.id);
        if (!owned) return httpError(404, 'not_found', 'Conversation not found');
        state = owned;
        who = { ...who, name: owned.visitor.name };
      } else {
        this.bind(ref.data);
        // Most sockets arrive and stay silent: a room woken for one lets Postgres go at once.
        state = await this.loaded('now');
      }
    } catch (err) {
      const { code, message } = failure(err);
      return httpError(code === 'not_found' ? 404 : 503, code, message);
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [who.kind]);
    writeConnection(server, { participant: who, delivered: state.lastSeq });
    this.sendFrame(server, {
      type: 'welcome',
      conversationId: state.id,
      role: who.kind,
      lastSeq: state.lastSeq,
    });
    this.sendFrame(server, { type: 'conversation', conversation: toSummary(state) });
    this.sendFrame(server, { type: 'presence', agents: agentsPresent(this.ctx.getWebSockets('agent')) });
    this.sendFrame(server, { type: 'read', side: 'visitor', seq: state.visitorReadSeq });
    this.sendFrame(server, { type: 'read', side: 'agent', seq: state.agentReadSeq });
    const resumeFrom = new URL(request.url).searchParams.get('lastSeq');
    if (resumeFrom !== null && /^\d{1,10}$/.test(resumeFrom)) this.startReplay(server, Number(resumeFrom));
    if (who.kind === 'agent') this.broadcastPresence();
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * For a visitor the Worker checked only the token (project and visitor), not Postgres: the
   * room loads the conversation anyway, so it checks here that it is in that project and is this
   * visitor's. An unbound room binds only once Postgres confirms the pair, so a token of another
   * project cannot tie the room to the wrong one. Null: not theirs (a 404, like a missing one).
   */
  private async visitorsConversation(ref: ConversationRef, visitorId: string): Promise<RoomState | null> {
    const known = this.ref();
    let state: RoomState;
    if (known) {
      if (known.id !== ref.id || known.projectId !== ref.projectId) return null;
      state = await this.loaded('now');
    } else {
      const found = await this.db.use(({ db }) => loadConversation(db, ref.id, ref.projectId), 'now');
      if (!found) return null;
      this.bind(ref);
      this.state ??= found;
      state = this.state;
    }
    return state.visitor.id === visitorId ? state : null;
  }

  // ---- Socket events ---------------------------------------------------------------------------

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    try {
      const connection = readConnection(ws);
      if (!connection) return reciprocateClose(ws, 1011, 'unknown socket');
      const parsed = parseRoomFrame(raw);
      if (!parsed.ok) {
        return this.sendError(ws, parsed.code, parsed.message, parsed.clientId ? { clientId: parsed.clientId } : {});
      }
      const { frame } = parsed;
      const bucket = this.bucketsOf(ws);
      const isSend = frame.type === 'send';
      const wait = take(
        isSend ? bucket.send : bucket.frames,
        isSend ? this.limits.send : this.limits.frames,
        Date.now(),
      );
      if (wait > 0) {
        return this.sendError(ws, 'rate_limited', 'Too many frames', {
          retryAfterMs: wait,
          ...(frame.type === 'send' ? { clientId: frame.clientId } : {}),
        });
      }
      await this.handleFrame(ws, connection.participant, frame);
    } catch (err) {
      // One bad frame never kills the socket or the room.
      if (err instanceof RoomError) return this.sendError(ws, err.code, err.message);
      console.error(`room frame failed: ${err instanceof Error ? err.name : 'unknown'}`);
      this.sendError(ws, 'unavailable', 'Frame could not be handled; retry');
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.closed(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.closed(ws, 1011, 'socket error');
  }

  private closed(ws: WebSocket, code: number, reason: string): void {
    this.replaying.delete(ws);
    reciprocateClose(ws, code, reason);
    if (readConnection(ws)?.participant.kind === 'agent') this.broadcastPresence(ws);
  }

  private async handleFrame(ws: WebSocket, participant: Participant, frame: RoomClientFrame): Promise<void> {
    switch (frame.type) {
      case 'send': {
        const { type: _, ...input } = frame;
        this.sends.submit(participant, input, (result) => {
          if (result.ok) {
            this.sendFrame(ws, {
              type: 'ack',
              clientId: input.clientId,
              seq: result.seq,
              messageId: result.messageId,
              createdAt: result.createdAt,
            });
          } else {
            this.sendError(ws, result.code, result.message, {
              clientId: input.clientId,
              ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
            });
          }
        });
        return;
      }
      case 'resume':
        if (this.replaying.has(ws)) return this.sendError(ws, 'bad_frame', 'A resume is already in progress');
        this.startReplay(ws, frame.lastSeq);
        return;
      case 'typing':
        this.relayTyping(ws, participant, frame.on, frame.private === true);
        return;
      case 'read':
        await this.markReadInternal(participant, frame.seq);
        return;
      case 'ping':
        this.sendFrame(ws, { type: 'pong' });
        return;
    }
  }

  // ---- RPC from the Worker -------------------------------------------------------------------

  /** A send over REST: the same queue, commit and broadcast as a socket's send. */
  async send(ref: ConversationRef, participant: Participant, input: SendInput): Promise<SendResult> {
    this.bind(ref);
    return new Promise<SendResult>((resolve) => this.sends.submit(participant, input, resolve));
  }

  async setStatus(
    ref: ConversationRef,
    actor: Actor,
    status: ConversationStatus,
    snoozedUntil: string | null,
  ): Promise<ChangeResult<ConversationSummary>> {
    this.bind(ref);
    return this.change(() => this.applyStatus(actor, status, snoozedUntil ? new Date(snoozedUntil) : null));
  }

  /** The Worker checked that the assignee is a member of the project. */
  async assign(
    ref: ConversationRef,
    actor: Actor,
    assigneeId: string | null,
  ): Promise<ChangeResult<ConversationSummary>> {
    this.bind(ref);
    return this.change(async () => {
      const state = await this.loaded();
      if (state.assigneeId === assigneeId) return toSummary(state);
      const now = new Date();
      const events = [assigned(state.id, state.projectId, state.assigneeId, assigneeId, actor)];
      const row = await this.db.use(({ db }) => writeAssignee(db, state.id, assigneeId, events, now));
      if (!row) throw new RoomError('not_found', 'Conversation not found');
      this.state = applyRow(state.visitor, row);
      this.nudgeRelay();
      this.broadcastConversation();
      return toSummary(this.state);
    });
  }

  async markRead(ref: ConversationRef, reader: Reader, seq: number): Promise<ChangeResult<number>> {
    this.bind(ref);
    try {
      return { ok: true, value: await this.markReadInternal(reader, seq) };
    } catch (err) {
      return { ok: false, ...failure(err) };
    }
  }

  /** The conversation row changed outside the room (its visitor was merged): reload it before use. */
  async reload(ref: ConversationRef): Promise<void> {
    this.bind(ref);
    await this.locked(async () => {
      this.state = null;
    });
  }

  // ---- Alarm: read-mark flush and snooze expiry ----------------------------------------------

  override async alarm(): Promise<void> {
    try {
      if (!this.ref()) return;
      await this.flushReads();
      const state = await this.loaded();
      if (state.status === 'snoozed' && state.snoozedUntil && state.snoozedUntil.getTime() <= Date.now()) {
        await this.change(() => this.applyStatus({ kind: 'system' }, 'open', null));
      }
    } catch (err) {
      console.error(`room alarm failed: ${err instanceof Error ? err.name : 'unknown'}`);
      await this.ctx.storage.setAlarm(Date.now() + 5_000);
      return;
    }
    await this.scheduleAlarm();
  }

  // ---- Delivery: broadcast and replay -------------------------------------------------------

  private attachmentUrl = (messageId: string) => signAttachmentUrl(this.config.AUTH_JWT_KEYS, messageId);

  private broadcastMessages(batch: readonly RoomMessage[]): void {
    deliverBatch(this.ctx.getWebSockets(), this.state?.id ?? '', batch, this.attachmentUrl, {
      replaying: (ws) => this.replaying.has(ws),
      // This socket missed something (e.g. a failed replay): catch it up in order instead.
      behind: (ws, delivered) => this.startReplay(ws, delivered),
    });
  }

  private startReplay(ws: WebSocket, after: number): void {
    this.replaying.add(ws);
    this.ctx.waitUntil(this.replay(ws, after));
  }

  /** Sends everything after `after` in order (window first, else Postgres), then `resumed`. */
  private async replay(ws: WebSocket, after: number): Promise<void> {
    try {
      const connection = readConnection(ws);
      if (!connection) return;
      const kind = connection.participant.kind;
      let cursor = Math.max(0, after);
      for (;;) {
        const state = await this.loaded();
        if (cursor >= state.lastSeq) {
          cursor = Math.min(cursor, state.lastSeq);
          break;
        }
        const target = state.lastSeq;
        const windowed = this.window.range(cursor, target);
        const page =
          windowed ??
          (await this.db.use(({ db }) => messagesAfter(db, state.id, cursor, target, REPLAY_PAGE))).map(fromRow);
        if (page.length === 0) break;
        for (const m of page) {
          if (visibleTo(kind, m))
            this.sendFrame(ws, { type: 'message', message: toWireMessage(state.id, m, this.attachmentUrl) });
          cursor = m.seq;
        }
      }
      // No await since the loop's last check: nothing can have been committed in between.
      writeConnection(ws, { ...connection, delivered: cursor });
      this.sendFrame(ws, { type: 'resumed', lastSeq: cursor });
    } catch (err) {
      this.sendError(ws, failure(err).code, 'Could not replay missed messages; resume again');
    } finally {
      this.replaying.delete(ws);
    }
  }

  private broadcastConversation(): void {
    if (this.state) sendToAll(this.ctx.getWebSockets(), { type: 'conversation', conversation: toSummary(this.state) });
  }

  private broadcastPresence(except?: WebSocket): void {
    const agents = agentsPresent(this.ctx.getWebSockets('agent'), except);
    sendToAll(this.ctx.getWebSockets(), { type: 'presence', agents }, except);
  }

  private relayTyping(from: WebSocket, participant: Participant, on: boolean, note: boolean): void {
    // Only agents type private notes; a visitor's flag is ignored rather than trusted.
    const agentsOnly = note && participant.kind === 'agent';
    const sockets = this.ctx.getWebSockets(agentsOnly ? 'agent' : undefined);
    sendToAll(sockets, { type: 'typing', author: authorOf(participant), on }, from);
  }

  // ---- Read marks: in memory + storage, flushed to Postgres by the alarm --------------------

  private async markReadInternal(reader: Reader, requested: number): Promise<number> {
    const state = await this.loaded();
    const seq = Math.max(0, Math.min(requested, state.lastSeq));
    const side = reader.kind;
    if (this.reads.add({ kind: side, readerId: reader.id, seq })) await this.scheduleAlarm();
    const current = side === 'agent' ? state.agentReadSeq : state.visitorReadSeq;
    if (seq > current) {
      if (side === 'agent') state.agentReadSeq = seq;
      else state.visitorReadSeq = seq;
      sendToAll(this.ctx.getWebSockets(), { type: 'read', side, seq });
    }
    return seq;
  }

  private async flushReads(): Promise<void> {
    const marks = this.reads.all();
    const ref = this.ref();
    if (marks.length === 0 || !ref) return;
    await this.locked(async () => {
      const row = await this.db.use(({ db }) => writeReads(db, ref.id, ref.projectId, marks));
      this.reads.flushed(marks);
      if (row && this.state) {
        this.state = applyRow(this.state.visitor, row);
        this.notifyInbox();
      }
    });
  }

  private async scheduleAlarm(): Promise<void> {
    const times: number[] = [];
    if (this.reads.all().length > 0) times.push(Date.now() + this.limits.readFlushMs);
    const snoozed = this.state?.status === 'snoozed' ? this.state.snoozedUntil : null;
    if (snoozed) times.push(snoozed.getTime());
    if (times.length === 0) return;
    const wanted = Math.min(...times);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > wanted) await this.ctx.storage.setAlarm(wanted);
  }

  // ---- Status changes ---------------------------------------------------------------------

  private async applyStatus(
    actor: Actor,
    status: ConversationStatus,
    snoozedUntil: Date | null,
  ): Promise<ConversationSummary> {
    const state = await this.loaded();
    const until = status === 'snoozed' ? snoozedUntil : null;
    if (status === 'snoozed' && !until) throw new RoomError('invalid_message', 'Snoozing needs snoozedUntil');
    if (state.status === status && state.snoozedUntil?.getTime() === until?.getTime()) return toSummary(state);
    const now = new Date();
    const events = [statusChanged(state.id, state.projectId, state.status, status, until, actor)];
    const row = await this.db.use(({ db }) => writeStatus(db, state.id, status, until, events, now));
    if (!row) throw new RoomError('not_found', 'Conversation not found');
    this.state = applyRow(state.visitor, row);
    this.nudgeRelay();
    this.broadcastConversation();
    await this.scheduleAlarm();
    return toSummary(this.state);
  }

  private async change<T>(fn: () => Promise<T>): Promise<ChangeResult<T>> {
    try {
      return { ok: true, value: await this.locked(fn) };
    } catch (err) {
      return { ok: false, ...failure(err) };
    }
  }

  // ---- Plumbing ---------------------------------------------------------------------------

  /** After a commit that wrote outbox rows: publish them now rather than at the next cron sweep. */
  private nudgeRelay(): void {
    nudgeRelay(this.config, this.env.EVENTS, (p) => this.ctx.waitUntil(p));
  }

  /** Serialises every write to Postgres, so the in-memory state always follows the last commit. */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writeLock.then(fn, fn);
    this.writeLock = run.catch(() => undefined);
    return run;
  }

  /** The conversation this room serves, from storage once per instance (it never changes). */
  private ref(): ConversationRef | undefined {
    this.boundRef ??= this.ctx.storage.kv.get<ConversationRef>(REF_KEY);
    return this.boundRef;
  }

  /** Remembers which conversation this room serves (the alarm has nothing else to go on). */
  private bind(ref: ConversationRef): void {
    const known = this.ref();
    if (!known) {
      this.ctx.storage.kv.put(REF_KEY, ref);
      this.boundRef = ref;
    } else if (known.id !== ref.id || known.projectId !== ref.projectId)
      throw new Error('room bound to another conversation');
  }

  private loaded(release: 'idle' | 'now' = 'idle'): Promise<RoomState> {
    if (this.state) return Promise.resolve(this.state);
    this.loading ??= this.load(release).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(release: 'idle' | 'now'): Promise<RoomState> {
    const ref = this.ref();
    if (!ref) throw new RoomError('not_found', 'Conversation not found');
    const state = await this.db.use(({ db }) => loadConversation(db, ref.id, ref.projectId), release);
    if (!state) throw new RoomError('not_found', 'Conversation not found');
    this.state = state;
    // After a wake or an uncertain commit: sockets behind the committed seq get what they missed.
    for (const ws of this.ctx.getWebSockets()) {
      const connection = readConnection(ws);
      if (connection && connection.delivered < state.lastSeq && !this.replaying.has(ws)) {
        this.startReplay(ws, connection.delivered);
      }
    }
    return state;
  }

  /** Reads are not events: the room itself tells the inbox when flushed reads changed unread counts. */
  private notifyInbox(): void {
    if (!this.state) return;
    const summary = toSummary(this.state);
    const revision = this.state.revision;
    const inbox = this.env.PROJECT_INBOX.getByName(summary.projectId);
    // In order, never blocking the next commit; the inbox drops it if a newer revision was pushed.
    this.inboxChain = this.inboxChain
      .then(() => inbox.conversationsChanged([{ change: 'updated', conversation: summary, revision }]))
      .catch((err: unknown) => console.error(`inbox notify failed: ${err instanceof Error ? err.name : 'unknown'}`));
  }

  private bucketsOf(ws: WebSocket): { send: Bucket; frames: Bucket } {
    let b = this.buckets.get(ws);
    if (!b) {
      const now = Date.now();
      b = { send: newBucket(this.limits.send, now), frames: newBucket(this.limits.frames, now) };
      this.buckets.set(ws, b);
    }
    return b;
  }

  private sendFrame(ws: WebSocket, frame: RoomServerFrame): void {
    safeSend(ws, JSON.stringify(frame));
  }

  private sendError(
    ws: WebSocket,
    code: ErrorCode,
    message: string,
    extra: { clientId?: string; retryAfterMs?: number } = {},
  ): void {
    this.sendFrame(ws, { type: 'error', code, message, ...extra });
  }
}
