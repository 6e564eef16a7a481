// ConversationRoom: one Durable Object per conversation. It owns the conversation's order (`seq`),
// commits sends to Postgres in groups (message + outbox rows in one statement), acks after commit,
// broadcasts, replays missed messages on resume, and relays typing, read marks and agent presence.
// Sockets use the Hibernation API; everything a socket needs after a wake is in its attachment or
// in storage. The Worker authenticates every participant; the room trusts only what it was handed.
import { DurableObject } from 'cloudflare:workers';
import { type Config, readConfig } from '../worker/config.ts';
import { signAttachmentUrl } from '../worker/conversations/attachment-url.ts';
import type { Author, ConversationSummary, ErrorCode, RoomClientFrame, RoomServerFrame } from './protocol.ts';
import { LIMITS, roomClientFrame } from './protocol.ts';
import { loadConversation, type ReadMark, writeAssignee, writeReads, writeStatus } from './room/changes.ts';
import { commitBatch, messagesAfter, messagesByClientIds } from './room/commit.ts';
import { readConnection, writeConnection } from './room/connection.ts';
import { batchEffects } from './room/denormalize.ts';
import { ROOM_LIMITS, type RoomLimits } from './room/limits.ts';
import { parseLimitOverrides } from './room/limits-override.ts';
import { fromRow, type RoomMessage, toWireMessage, visibleTo } from './room/message.ts';
import { assigned, messageCreated, type OutboxEvent, statusChanged } from './room/outbox.ts';
import { type Bucket, newBucket, take } from './room/rate-limit.ts';
import { type QueuedSend, SendQueue } from './room/send-queue.ts';
import { applyRow, type ConversationStatus, type RoomState, toSummary } from './room/state.ts';
import {
  type Actor,
  type ChangeResult,
  CONVERSATION_HEADER,
  type ConversationRef,
  conversationRefSchema,
  IDENTITY_HEADER,
  type Participant,
  participantSchema,
  type SendInput,
  type SendResult,
} from './room/types.ts';
import { RecentWindow } from './room/window.ts';
import { IdleDb, pgError } from './shared/idle-db.ts';
import { frameTooLarge, jsonHeader, reciprocateClose, safeSend } from './shared/transport.ts';

class RoomError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const REPLAY_PAGE = 500;
const READS_KEY = 'reads';
const REF_KEY = 'ref';

const authorOf = (p: Participant): Author =>
  p.name ? { kind: p.kind, id: p.id, name: p.name } : { kind: p.kind, id: p.id };
const sameAuthor = (a: Author, p: Participant) => a.kind === p.kind && a.id === p.id;
const failure = (err: unknown): { code: ErrorCode; message: string } =>
  err instanceof RoomError
    ? { code: err.code, message: err.message }
    : { code: 'unavailable', message: 'Could not commit; retry with the same clientId' };

export class ConversationRoom extends DurableObject<Env> {
  /** Tunables (see room/limits.ts); tests tighten them on one instance. */
  limits: RoomLimits = { ...ROOM_LIMITS };
  private readonly config: Config;
  private readonly db: IdleDb;
  private readonly window: RecentWindow;
  private readonly queue = new SendQueue();
  private state: RoomState | null = null;
  private loading: Promise<RoomState> | null = null;
  private draining = false;
  private writeLock: Promise<unknown> = Promise.resolve();
  private inboxChain: Promise<void> = Promise.resolve();
  /** Sockets being replayed to; live broadcasts skip them until their replay catches up. */
  private readonly replaying = new Set<WebSocket>();
  private readonly buckets = new WeakMap<WebSocket, { send: Bucket; frames: Bucket }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = readConfig(env);
    // Benchmarks and load tests retune rooms through the ROOM_LIMITS binding (room/limits-override.ts).
    const overrides = parseLimitOverrides(env.ROOM_LIMITS);
    if (overrides.ok) this.limits = { ...ROOM_LIMITS, ...overrides.limits };
    else console.error(`${overrides.error}; using the defaults`);
    this.db = new IdleDb(this.config, () => this.limits.idleCloseMs);
    this.window = new RecentWindow(ctx.storage.sql, this.limits.windowSize);
    // Keep-alive pings are answered without waking a hibernating room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Changes tunables on this instance (tests; an eviction restores the defaults). */
  tune(limits: Partial<RoomLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.db.rearm();
  }

  // ---- WebSocket upgrade (the only use of fetch) -------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('expected a WebSocket upgrade', { status: 426 });
    }
    const participant = participantSchema.safeParse(jsonHeader(request, IDENTITY_HEADER));
    const ref = conversationRefSchema.safeParse(jsonHeader(request, CONVERSATION_HEADER));
    if (!participant.success || !ref.success) return new Response('missing identity', { status: 400 });
    this.bind(ref.data);
    let state: RoomState;
    try {
      state = await this.loaded();
    } catch (err) {
      const { code } = failure(err);
      return new Response(code, { status: code === 'not_found' ? 404 : 503 });
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [participant.data.kind]);
    writeConnection(server, { participant: participant.data, delivered: state.lastSeq });
    this.sendFrame(server, {
      type: 'welcome',
      conversationId: state.id,
      role: participant.data.kind,
      lastSeq: state.lastSeq,
    });
    this.sendFrame(server, { type: 'conversation', conversation: toSummary(state) });
    this.sendFrame(server, { type: 'presence', agents: this.agentsPresent() });
    this.sendFrame(server, { type: 'read', side: 'visitor', seq: state.visitorReadSeq });
    this.sendFrame(server, { type: 'read', side: 'agent', seq: state.agentReadSeq });
    const resumeFrom = new URL(request.url).searchParams.get('lastSeq');
    if (resumeFrom !== null && /^\d{1,10}$/.test(resumeFrom)) this.startReplay(server, Number(resumeFrom));
    if (participant.data.kind === 'agent') this.broadcastPresence();
    return new Response(null, { status: 101, webSocket: client });
  }

  // ---- Socket events ---------------------------------------------------------------------------

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    try {
      const connection = readConnection(ws);
      if (!connection) return reciprocateClose(ws, 1011, 'unknown socket');
      if (frameTooLarge(raw, LIMITS.frameMax)) {
        return this.sendError(ws, 'frame_too_large', `Frames are limited to ${LIMITS.frameMax} bytes`);
      }
      if (typeof raw !== 'string') return this.sendError(ws, 'bad_frame', 'Frames are JSON text');
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return this.sendError(ws, 'bad_frame', 'Frame is not valid JSON');
      }
      const parsed = roomClientFrame.safeParse(json);
      if (!parsed.success) return this.refuseFrame(ws, json, parsed.error.issues[0]?.message);
      const bucket = this.bucketsOf(ws);
      const frame = parsed.data;
      const wait = take(
        frame.type === 'send' ? bucket.send : bucket.frames,
        frame.type === 'send' ? this.limits.send : this.limits.frames,
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
      console.error(`room frame failed: ${err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'}`);
      this.sendError(ws, 'internal', 'Frame could not be handled');
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
        this.submit(participant, input, (result) => {
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

  /** A frame that failed the schema: a broken `send` is answered with its clientId when it has one. */
  private refuseFrame(ws: WebSocket, json: unknown, issue: string | undefined): void {
    const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
    if (obj.type === 'send') {
      const clientId = typeof obj.clientId === 'string' ? obj.clientId.slice(0, LIMITS.clientIdMax) : undefined;
      this.sendError(ws, 'invalid_message', `Invalid message: ${issue ?? 'bad fields'}`, clientId ? { clientId } : {});
      return;
    }
    this.sendError(ws, 'bad_frame', `Unknown or malformed frame: ${issue ?? 'bad fields'}`);
  }

  // ---- RPC from the Worker -------------------------------------------------------------------

  /** A send over REST: the same queue, commit and broadcast as a socket's send. */
  async send(ref: ConversationRef, participant: Participant, input: SendInput): Promise<SendResult> {
    this.bind(ref);
    return new Promise<SendResult>((resolve) => this.submit(participant, input, resolve));
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
      this.broadcastConversation();
      this.notifyInbox('assigned');
      return toSummary(this.state);
    });
  }

  async markRead(ref: ConversationRef, participant: Participant, seq: number): Promise<ChangeResult<number>> {
    this.bind(ref);
    try {
      return { ok: true, value: await this.markReadInternal(participant, seq) };
    } catch (err) {
      return { ok: false, ...failure(err) };
    }
  }

  async summary(ref: ConversationRef): Promise<ChangeResult<ConversationSummary>> {
    this.bind(ref);
    try {
      return { ok: true, value: toSummary(await this.loaded()) };
    } catch (err) {
      return { ok: false, ...failure(err) };
    }
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

  // ---- Sends and group commit ------------------------------------------------------------------

  private submit(participant: Participant, input: SendInput, waiter: (r: SendResult) => void): void {
    const invalid = this.validate(participant, input);
    if (invalid) {
      waiter({ ok: false, ...invalid });
      return;
    }
    const queued = this.queue.find(input.clientId);
    if (queued) {
      if (!sameAuthor(authorOf(queued.author), participant)) {
        waiter({ ok: false, code: 'invalid_message', message: 'clientId already used in this conversation' });
        return;
      }
      queued.waiters.push(waiter);
      return;
    }
    if (this.queue.waiting >= this.limits.queueMax) {
      waiter({
        ok: false,
        code: 'slow_down',
        message: 'The conversation is busy; retry shortly with the same clientId',
        retryAfterMs: this.limits.slowDownRetryMs,
      });
      return;
    }
    this.queue.push({ author: participant, input, waiters: [waiter] });
    if (!this.draining) {
      this.draining = true;
      this.ctx.waitUntil(this.drain());
    }
  }

  private validate(participant: Participant, input: SendInput): { code: ErrorCode; message: string } | null {
    if (!input.clientId || input.clientId.length > LIMITS.clientIdMax) {
      return { code: 'invalid_message', message: 'clientId must be 1–64 characters' };
    }
    if (input.body.length > LIMITS.bodyMax) return { code: 'invalid_message', message: 'Message body too long' };
    if (!input.body.trim() && !input.attachment) return { code: 'invalid_message', message: 'Message is empty' };
    if (input.private && participant.kind !== 'agent') {
      return { code: 'forbidden', message: 'Only agents can write private notes' };
    }
    return null;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.waiting > 0) {
        const batch = this.queue.take(this.limits.batchMax);
        await this.locked(() => this.commitEntries(batch));
      }
    } catch (err) {
      console.error(`room drain failed: ${err instanceof Error ? err.name : 'unknown'}`);
    } finally {
      this.draining = false;
      if (this.queue.waiting > 0) {
        this.draining = true;
        this.ctx.waitUntil(this.drain());
      }
    }
  }

  private async commitEntries(entries: QueuedSend[]): Promise<void> {
    let remaining = entries;
    for (let attempt = 0; remaining.length > 0; attempt++) {
      let state: RoomState;
      try {
        state = await this.loaded();
        remaining = this.settleDuplicates(remaining);
        if (remaining.length === 0) return;
        if (attempt >= 4) throw new RoomError('unavailable', 'The conversation is busy; retry with the same clientId');
      } catch (err) {
        return this.failAll(remaining, err);
      }
      const now = new Date();
      const batch: RoomMessage[] = remaining.map((e, i) => ({
        id: crypto.randomUUID(),
        seq: state.lastSeq + 1 + i,
        clientId: e.input.clientId,
        author: authorOf(e.author),
        body: e.input.body,
        private: e.input.private ?? false,
        attachment: e.input.attachment ?? null,
        createdAt: now.toISOString(),
      }));
      const effects = batchEffects(state, batch);
      const events: OutboxEvent[] = batch.map((m) => messageCreated(state.id, state.projectId, m));
      const reopener = remaining.find((e) => e.author.kind === 'visitor')?.author;
      if (effects.reopened && reopener) {
        events.push(statusChanged(state.id, state.projectId, state.status, effects.status, null, reopener));
      }
      let row: Awaited<ReturnType<typeof commitBatch>>;
      try {
        row = await this.db.use(({ db }) =>
          commitBatch(db, { conversationId: state.id, expectedLastSeq: state.lastSeq, batch, effects, events, now }),
        );
      } catch (err) {
        // Whatever happened, Postgres may know more than we do: reload before the next commit.
        this.state = null;
        if (pgError(err)?.constraint === 'messages_conversation_client_idx') {
          try {
            remaining = await this.settleFromPostgres(state.id, remaining);
            continue;
          } catch (lookupErr) {
            return this.failAll(remaining, lookupErr);
          }
        }
        console.error(`room commit failed: ${err instanceof Error ? err.name : 'unknown'} ${pgError(err)?.code ?? ''}`);
        return this.failAll(remaining, err);
      }
      if (!row) {
        // last_seq moved (a commit whose outcome we never learned) or the row is gone: reload, retry.
        this.state = null;
        continue;
      }
      this.state = applyRow(state.visitor, row);
      this.window.append(batch);
      remaining.forEach((entry, i) => {
        const m = batch[i];
        if (m)
          this.queue.settle(entry, { ok: true, seq: m.seq, messageId: m.id, createdAt: m.createdAt, duplicate: false });
      });
      this.broadcastMessages(batch);
      if (effects.reopened) this.broadcastConversation();
      this.notifyInbox('updated');
      return;
    }
  }

  /** Entries whose client id the window already holds get the original result; the rest go on. */
  private settleDuplicates(entries: QueuedSend[]): QueuedSend[] {
    return entries.filter((entry) => {
      const existing = this.window.byClientId(entry.input.clientId);
      if (!existing) return true;
      this.settleExisting(entry, existing);
      return false;
    });
  }

  private async settleFromPostgres(conversationId: string, entries: QueuedSend[]): Promise<QueuedSend[]> {
    const ids = entries.map((e) => e.input.clientId);
    const rows = await this.db.use(({ db }) => messagesByClientIds(db, conversationId, ids));
    const found = new Map(rows.map((r) => [r.client_id, fromRow(r)]));
    return entries.filter((entry) => {
      const existing = found.get(entry.input.clientId);
      if (!existing) return true;
      this.settleExisting(entry, existing);
      return false;
    });
  }

  private settleExisting(entry: QueuedSend, existing: RoomMessage): void {
    if (!sameAuthor(existing.author, entry.author)) {
      this.queue.settle(entry, {
        ok: false,
        code: 'invalid_message',
        message: 'clientId already used in this conversation',
      });
      return;
    }
    this.queue.settle(entry, {
      ok: true,
      seq: existing.seq,
      messageId: existing.id,
      createdAt: existing.createdAt,
      duplicate: true,
    });
  }

  private failAll(entries: QueuedSend[], err: unknown): void {
    const { code, message } = failure(err);
    for (const entry of entries) {
      this.queue.settle(entry, { ok: false, code, message, ...(code === 'unavailable' ? { retryAfterMs: 1000 } : {}) });
    }
  }

  // ---- Delivery: broadcast and replay -------------------------------------------------------

  private attachmentUrl = (messageId: string) => signAttachmentUrl(this.config.AUTH_JWT_KEYS, messageId);

  private broadcastMessages(batch: readonly RoomMessage[]): void {
    const first = batch[0]?.seq;
    const last = batch.at(-1)?.seq;
    if (first === undefined || last === undefined) return;
    const conversationId = this.state?.id ?? '';
    const frames = batch.map((m) => ({
      m,
      json: JSON.stringify({ type: 'message', message: toWireMessage(conversationId, m, this.attachmentUrl) }),
    }));
    for (const ws of this.ctx.getWebSockets()) {
      if (this.replaying.has(ws)) continue;
      const connection = readConnection(ws);
      if (!connection || connection.delivered >= last) continue;
      if (connection.delivered < first - 1) {
        // This socket missed something (e.g. a failed replay): catch it up in order instead.
        this.startReplay(ws, connection.delivered);
        continue;
      }
      for (const f of frames) {
        if (f.m.seq > connection.delivered && visibleTo(connection.participant.kind, f.m)) safeSend(ws, f.json);
      }
      writeConnection(ws, { ...connection, delivered: last });
    }
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
    if (!this.state) return;
    const frame = JSON.stringify({ type: 'conversation', conversation: toSummary(this.state) });
    for (const ws of this.ctx.getWebSockets()) safeSend(ws, frame);
  }

  private agentsPresent(except?: WebSocket): { id: string; name: string }[] {
    const agents = new Map<string, { id: string; name: string }>();
    for (const ws of this.ctx.getWebSockets('agent')) {
      const p = ws === except ? null : readConnection(ws)?.participant;
      if (p?.kind === 'agent') agents.set(p.id, { id: p.id, name: p.name });
    }
    return [...agents.values()];
  }

  private broadcastPresence(except?: WebSocket): void {
    const frame = JSON.stringify({ type: 'presence', agents: this.agentsPresent(except) });
    for (const ws of this.ctx.getWebSockets()) if (ws !== except) safeSend(ws, frame);
  }

  private relayTyping(from: WebSocket, participant: Participant, on: boolean, note: boolean): void {
    // Only agents type private notes; a visitor's flag is ignored rather than trusted.
    const agentsOnly = note && participant.kind === 'agent';
    const frame = JSON.stringify({ type: 'typing', author: authorOf(participant), on });
    for (const ws of this.ctx.getWebSockets(agentsOnly ? 'agent' : undefined)) if (ws !== from) safeSend(ws, frame);
  }

  // ---- Read marks: in memory + storage, flushed to Postgres by the alarm --------------------

  private async markReadInternal(participant: Participant, requested: number): Promise<number> {
    const state = await this.loaded();
    const seq = Math.max(0, Math.min(requested, state.lastSeq));
    const side = participant.kind;
    const pending = this.ctx.storage.kv.get<Record<string, ReadMark>>(READS_KEY) ?? {};
    const key = `${side}:${participant.id}`;
    if ((pending[key]?.seq ?? 0) < seq) {
      pending[key] = { kind: side, readerId: participant.id, seq };
      this.ctx.storage.kv.put(READS_KEY, pending);
      await this.scheduleAlarm();
    }
    const current = side === 'agent' ? state.agentReadSeq : state.visitorReadSeq;
    if (seq > current) {
      if (side === 'agent') state.agentReadSeq = seq;
      else state.visitorReadSeq = seq;
      const frame = JSON.stringify({ type: 'read', side, seq });
      for (const ws of this.ctx.getWebSockets()) safeSend(ws, frame);
    }
    return seq;
  }

  private async flushReads(): Promise<void> {
    const pending = this.ctx.storage.kv.get<Record<string, ReadMark>>(READS_KEY);
    const ref = this.ref();
    if (!pending || !ref) return;
    const marks = Object.values(pending);
    if (marks.length === 0) return;
    await this.locked(async () => {
      const row = await this.db.use(({ db }) => writeReads(db, ref.id, ref.projectId, marks));
      // Marks that arrived while writing stay pending for the next flush.
      const now = this.ctx.storage.kv.get<Record<string, ReadMark>>(READS_KEY) ?? {};
      for (const m of marks) {
        const key = `${m.kind}:${m.readerId}`;
        if (now[key] && now[key].seq <= m.seq) delete now[key];
      }
      this.ctx.storage.kv.put(READS_KEY, now);
      if (row && this.state) {
        this.state = applyRow(this.state.visitor, row);
        this.notifyInbox('updated');
      }
    });
  }

  private async scheduleAlarm(): Promise<void> {
    const pending = this.ctx.storage.kv.get<Record<string, ReadMark>>(READS_KEY);
    const times: number[] = [];
    if (pending && Object.keys(pending).length > 0) times.push(Date.now() + this.limits.readFlushMs);
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
    this.broadcastConversation();
    this.notifyInbox('updated');
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

  /** Serialises every write to Postgres, so the in-memory state always follows the last commit. */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writeLock.then(fn, fn);
    this.writeLock = run.catch(() => undefined);
    return run;
  }

  private ref(): ConversationRef | undefined {
    return this.ctx.storage.kv.get<ConversationRef>(REF_KEY);
  }

  /** Remembers which conversation this room serves (the alarm has nothing else to go on). */
  private bind(ref: ConversationRef): void {
    const known = this.ref();
    if (!known) this.ctx.storage.kv.put(REF_KEY, ref);
    else if (known.id !== ref.id || known.projectId !== ref.projectId)
      throw new Error('room bound to another conversation');
  }

  private loaded(): Promise<RoomState> {
    if (this.state) return Promise.resolve(this.state);
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<RoomState> {
    const ref = this.ref();
    if (!ref) throw new RoomError('not_found', 'Conversation not found');
    const state = await this.db.use(({ db }) => loadConversation(db, ref.id, ref.projectId));
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

  private notifyInbox(kind: 'updated' | 'assigned'): void {
    if (!this.state) return;
    const summary = toSummary(this.state);
    const inbox = this.env.PROJECT_INBOX.getByName(summary.projectId);
    // In order, never blocking the next commit; the outbox is the durable path for consumers.
    this.inboxChain = this.inboxChain
      .then(() => inbox.conversationChanged(kind, summary))
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
