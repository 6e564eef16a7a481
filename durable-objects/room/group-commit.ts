// The room's send path: validation, the bounded queue, group commit and exactly-once answers.
// Sends that arrive while a commit is in flight join the next one; each commit is one statement
// (core/conversations/commit.ts). A retried clientId is answered with its original seq — from the queue, the
// recent window, or Postgres's unique constraint — and never becomes a second row. A group Postgres
// refuses on one row's data (SQLSTATE 22xxx) is split until that row stands alone: only its sender
// is refused, the others commit.

import { type EventDraft, messageCreated, statusChanged } from '../../contract/events.ts';
import { type ErrorCode, LIMITS } from '../../contract/frames.ts';
import { UUID } from '../../contract/ids.ts';
import { isStorableText } from '../../contract/text.ts';
import { type BatchChanges, batchChanges } from '../../core/conversations/batch-changes.ts';
import { commitBatch, membersAmong, messagesByClientIds } from '../../core/conversations/commit.ts';
import { withBatch } from '../../core/conversations/committed-copy.ts';
import { fromRow, type RoomMessage } from '../../core/conversations/message.ts';
import type { Participant, SendInput } from '../../core/conversations/room-api.ts';
import { applyRow, type ConversationRow, type RoomState } from '../../core/conversations/state.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { pgError } from '../../core/platform/pg-errors.ts';
import type { RoomContext } from './context.ts';
import { authorOf, failure, RoomError, sameAuthor } from './errors.ts';
import { advanceRead } from './reads.ts';
import { type QueuedSend, SendQueue, type Waiter } from './send-queue.ts';

/** After the senders are acked: broadcast and notify (`state`: the conversation the commit left). */
export type Published = (batch: readonly RoomMessage[], changes: BatchChanges, state: RoomState) => void;

const CLIENT_ID_TAKEN = 'clientId already used in this conversation';
const CLIENT_ID_REUSED = 'clientId already used for another message: a retry must repeat it exactly';

/**
 * Is `input` a retry of `existing`? The same body, privacy and kind (text or file). An attachment's
 * own id is not compared: a retried upload is stored again under a new key, and the first one wins.
 */
export function sameMessage(
  existing: { body: string; private?: boolean; attachment?: unknown },
  input: SendInput,
): boolean {
  return (
    existing.body === input.body &&
    (existing.private ?? false) === (input.private ?? false) &&
    Boolean(existing.attachment) === Boolean(input.attachment)
  );
}
/** Not retryable: the same message would be refused again. */
const REFUSED_BY_POSTGRES = 'The message could not be stored: the database refused its content';

/** SQLSTATE class 22 (data exception): the statement failed on a value, not on the connection. */
const isDataError = (err: unknown) => pgError(err)?.code.startsWith('22') === true;

export class GroupCommit {
  private readonly room: RoomContext;
  private readonly published: Published;
  private readonly queue = new SendQueue();
  /** When each queued send arrived, for the ack latency metric. */
  private readonly arrivedAt = new WeakMap<QueuedSend, number>();
  private draining = false;

  constructor(room: RoomContext, published: Published) {
    this.room = room;
    this.published = published;
  }

  submit(participant: Participant, input: SendInput, waiter: Waiter): void {
    const invalid = validate(participant, input);
    if (invalid) {
      waiter({ ok: false, ...invalid });
      return;
    }
    const queued = this.queue.find(input.clientId);
    if (queued) {
      if (!sameAuthor(authorOf(queued.author), participant)) {
        waiter({ ok: false, code: 'invalid_message', message: CLIENT_ID_TAKEN });
      } else if (!sameMessage(queued.input, input)) {
        waiter({ ok: false, code: 'client_id_reused', message: CLIENT_ID_REUSED });
      } else queued.waiters.push(waiter);
      return;
    }
    const limits = this.room.limits();
    if (this.queue.waiting >= limits.queueMax) {
      waiter({
        ok: false,
        code: 'slow_down',
        message: 'The conversation is busy; retry shortly with the same clientId',
        retryAfterMs: limits.slowDownRetryMs,
      });
      return;
    }
    const entry: QueuedSend = { author: participant, input, waiters: [waiter] };
    this.arrivedAt.set(entry, Date.now());
    this.queue.push(entry);
    if (!this.draining) {
      this.draining = true;
      this.room.background(this.drain());
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.waiting > 0) {
        const batch = this.queue.take(this.room.limits().batchMax);
        await this.room.conversation.locked(() => this.commitEntries(batch));
      }
    } catch (err) {
      log.error('room drain failed', errorFields(err));
    } finally {
      this.draining = false;
      if (this.queue.waiting > 0) {
        this.draining = true;
        this.room.background(this.drain());
      }
    }
  }

  private async commitEntries(entries: QueuedSend[]): Promise<void> {
    let remaining = entries;
    for (let attempt = 0; remaining.length > 0; attempt++) {
      let state: RoomState;
      try {
        state = await this.room.conversation.loaded();
        remaining = this.settleDuplicates(remaining);
        if (remaining.length === 0) return;
        if (attempt >= 4) throw new RoomError('unavailable', 'The conversation is busy; retry with the same clientId');
      } catch (err) {
        return this.failAll(remaining, err);
      }
      let members: ReadonlySet<string>;
      try {
        members = await this.mentionable(state.projectId, remaining);
      } catch (err) {
        return this.failAll(remaining, err);
      }
      const now = new Date();
      const batch = remaining.map((e, i) => newMessage(e, state.lastSeq + 1 + i, now, members));
      const changes = batchChanges(state, batch);
      const events: EventDraft[] = batch.map((m) => messageCreated(state.id, state.projectId, m));
      const reopener = remaining.find((e) => e.author.kind === 'visitor')?.author;
      if (changes.reopened && reopener) {
        events.push(statusChanged(state.id, state.projectId, state.status, changes.status, null, reopener));
      }
      let row: ConversationRow | null;
      const commitStarted = Date.now();
      try {
        row = await this.room.db.use(({ db }) =>
          commitBatch(db, { conversationId: state.id, expectedLastSeq: state.lastSeq, batch, changes, events, now }),
        );
      } catch (err) {
        // Whatever happened, Postgres may know more than we do: reload before the next commit.
        this.room.conversation.forget();
        if (pgError(err)?.constraint === 'messages_conversation_client_idx') {
          try {
            remaining = await this.settleFromPostgres(state.id, remaining);
            continue;
          } catch (lookupErr) {
            return this.failAll(remaining, lookupErr);
          }
        }
        if (isDataError(err)) {
          // One row's value, not the database: split the group until that row stands alone.
          log.warn('room commit refused a value; isolating it', { batchSize: batch.length, ...errorFields(err) });
          return this.isolate(remaining);
        }
        log.error('room commit failed', { batchSize: batch.length, ...errorFields(err) });
        return this.failAll(remaining, err);
      }
      if (!row) {
        // last_seq moved (a commit whose outcome we never learned) or the row is gone: reload, retry.
        this.room.conversation.forget();
        continue;
      }
      const committed = this.adopt(state, row, batch, changes);
      this.measure(state.projectId, remaining, Date.now() - commitStarted);
      remaining.forEach((entry, i) => {
        const m = batch[i];
        if (m) {
          this.queue.settle(entry, { ok: true, seq: m.seq, messageId: m.id, createdAt: m.createdAt, duplicate: false });
        }
      });
      this.published(batch, changes, committed);
      return;
    }
  }

  /**
   * Which of the batch's mentioned user ids are members of the project now: one read, only for a
   * batch that holds a note with mentions (never in a visitor's path). Taken inside the room's
   * write lock, so the notes keep their place in the sender's order.
   */
  private async mentionable(projectId: string, entries: readonly QueuedSend[]): Promise<ReadonlySet<string>> {
    const ids = [...new Set(entries.flatMap((e) => e.input.mentions ?? []))];
    if (ids.length === 0) return NO_MEMBERS;
    return new Set(await this.room.db.use(({ db }) => membersAmong(db, projectId, ids)));
  }

  /** One point per commit: its size, the statement's time, and how long its senders waited. */
  private measure(projectId: string, entries: readonly QueuedSend[], commitMs: number): void {
    const now = Date.now();
    let ackMaxMs = 0;
    let ackSumMs = 0;
    for (const entry of entries) {
      const waited = now - (this.arrivedAt.get(entry) ?? now);
      ackMaxMs = Math.max(ackMaxMs, waited);
      ackSumMs += waited;
    }
    this.room.metrics.write({ metric: 'commit', projectId, messages: entries.length, commitMs, ackMaxMs, ackSumMs });
  }

  /**
   * A group Postgres refused on a value: one row's data, not the connection. Halves commit on their
   * own, in order, until the row at fault stands alone; only its sender is refused, and not with
   * `unavailable` (a retry would fail the same way, forever).
   */
  private async isolate(entries: QueuedSend[]): Promise<void> {
    const [only] = entries;
    if (entries.length === 1 && only) {
      this.queue.settle(only, { ok: false, code: 'invalid_message', message: REFUSED_BY_POSTGRES });
      return;
    }
    const half = Math.ceil(entries.length / 2);
    await this.commitEntries(entries.slice(0, half));
    await this.commitEntries(entries.slice(half));
  }

  /** After commit, before anyone is answered: the row becomes the room's copy (built on `base`). */
  private adopt(
    base: RoomState,
    row: ConversationRow,
    batch: readonly RoomMessage[],
    changes: BatchChanges,
  ): RoomState {
    // Read marks the room holds (unflushed reads, the writers' own) may be ahead of the row.
    const state = applyRow(base.visitor, row);
    advanceRead(state, 'agent', changes.agentReadSeq);
    advanceRead(state, 'visitor', changes.visitorReadSeq);
    const next = withBatch(state, batch);
    this.room.conversation.adopt(next);
    this.room.window.append(batch);
    return next;
  }

  /** Entries whose client id the window already holds get the original result; the rest go on. */
  private settleDuplicates(entries: QueuedSend[]): QueuedSend[] {
    return entries.filter((entry) => {
      const existing = this.room.window.byClientId(entry.input.clientId);
      if (existing) this.settleExisting(entry, existing);
      return !existing;
    });
  }

  private async settleFromPostgres(conversationId: string, entries: QueuedSend[]): Promise<QueuedSend[]> {
    const ids = entries.map((e) => e.input.clientId);
    const rows = await this.room.db.use(({ db }) => messagesByClientIds(db, conversationId, ids));
    const found = new Map(rows.map((r) => [r.client_id, fromRow(r)]));
    return entries.filter((entry) => {
      const existing = found.get(entry.input.clientId);
      if (existing) this.settleExisting(entry, existing);
      return !existing;
    });
  }

  private settleExisting(entry: QueuedSend, existing: RoomMessage): void {
    if (!sameAuthor(existing.author, entry.author)) {
      this.queue.settle(entry, { ok: false, code: 'invalid_message', message: CLIENT_ID_TAKEN });
      return;
    }
    if (!sameMessage(existing, entry.input)) {
      this.queue.settle(entry, { ok: false, code: 'client_id_reused', message: CLIENT_ID_REUSED });
      return;
    }
    const { seq, id: messageId, createdAt } = existing;
    this.queue.settle(entry, { ok: true, seq, messageId, createdAt, duplicate: true });
  }

  private failAll(entries: QueuedSend[], err: unknown): void {
    const { code, message } = failure(err);
    for (const entry of entries) {
      this.queue.settle(entry, { ok: false, code, message, ...(code === 'unavailable' ? { retryAfterMs: 1000 } : {}) });
    }
  }
}

function validate(participant: Participant, input: SendInput): { code: ErrorCode; message: string } | null {
  if (!input.clientId || input.clientId.length > LIMITS.clientIdMax) {
    return { code: 'invalid_message', message: 'clientId must be 1–64 characters' };
  }
  if (input.body.length > LIMITS.bodyMax) return { code: 'invalid_message', message: 'Message body too long' };
  // The frame and the REST bodies refuse these already; RPC callers get the same answer.
  if (![input.clientId, input.body, input.attachment?.name ?? ''].every(isStorableText)) {
    return { code: 'invalid_message', message: 'Text must not contain NUL characters or unpaired surrogates' };
  }
  if (!input.body.trim() && !input.attachment) return { code: 'invalid_message', message: 'Message is empty' };
  if (input.private && participant.kind !== 'agent') {
    return { code: 'forbidden', message: 'Only agents can write private notes' };
  }
  if (input.mentions?.length) {
    if (participant.kind !== 'agent') return { code: 'forbidden', message: 'Only agents can mention teammates' };
    if (!input.private) return { code: 'invalid_message', message: 'Only a private note can mention teammates' };
    if (input.mentions.length > LIMITS.mentionsMax || !input.mentions.every((id) => UUID.test(id))) {
      return { code: 'invalid_message', message: `mentions must be at most ${LIMITS.mentionsMax} user ids` };
    }
  }
  return null;
}

const NO_MEMBERS: ReadonlySet<string> = new Set();

function newMessage(entry: QueuedSend, seq: number, now: Date, members: ReadonlySet<string>): RoomMessage {
  // Mentioned members, each once, in the order written; the author mentioning themself is dropped.
  const mentions = [...new Set(entry.input.mentions ?? [])].filter(
    (id) => members.has(id.toLowerCase()) && id.toLowerCase() !== entry.author.id,
  );
  return {
    id: crypto.randomUUID(),
    seq,
    clientId: entry.input.clientId,
    author: authorOf(entry.author),
    body: entry.input.body,
    private: entry.input.private ?? false,
    attachment: entry.input.attachment ?? null,
    createdAt: now.toISOString(),
    ...(mentions.length > 0 ? { mentions: mentions.map((id) => id.toLowerCase()) } : {}),
  };
}
