// Read marks: shown to everyone at once, kept in the room's storage, and written to Postgres by
// the room's alarm at most every `readFlushMs` (one statement), never once per read. The same
// alarm ends a snooze on time, so its schedule looks at the conversation's snooze too.
import { writeReads } from '../../core/conversations/changes.ts';
import type { Reader } from '../../core/conversations/room-api.ts';
import { applyRow, type RoomState, toSummary } from '../../core/conversations/state.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import type { RoomContext } from './context.ts';
import { PendingReads } from './read-marks.ts';

/** The read seq a reader may claim: never past what is committed, never below zero. */
export const clampRead = (requested: number, lastSeq: number): number => Math.max(0, Math.min(requested, lastSeq));

/** Moves the side's read seq forward to `seq`; false when it was already there or beyond. */
export function advanceRead(
  state: Pick<RoomState, 'agentReadSeq' | 'visitorReadSeq'>,
  side: Reader['kind'],
  seq: number,
): boolean {
  const current = side === 'agent' ? state.agentReadSeq : state.visitorReadSeq;
  if (seq <= current) return false;
  if (side === 'agent') state.agentReadSeq = seq;
  else state.visitorReadSeq = seq;
  return true;
}

/**
 * When the alarm is due: the next read flush, the snooze's end or `otherDue` (the sockets' authority
 * check), whichever is first; null when none.
 */
export function nextAlarm(
  now: number,
  readFlushMs: number,
  readsPending: boolean,
  conversation: Pick<RoomState, 'status' | 'snoozedUntil'> | null,
  otherDue: number | null = null,
): number | null {
  const times: number[] = otherDue === null ? [] : [otherDue];
  if (readsPending) times.push(now + readFlushMs);
  const snoozed = conversation?.status === 'snoozed' ? conversation.snoozedUntil : null;
  if (snoozed) times.push(snoozed.getTime());
  return times.length === 0 ? null : Math.min(...times);
}

export class RoomReads {
  private readonly room: RoomContext;
  private readonly pending: PendingReads;
  private inboxChain: Promise<void> = Promise.resolve();

  /** `otherDue`: when the room's other periodic work (the authority check) wants the alarm. */
  private readonly otherDue: () => number | null;

  constructor(room: RoomContext, otherDue: () => number | null = () => null) {
    this.room = room;
    this.pending = new PendingReads(room.storage.kv);
    this.otherDue = otherDue;
  }

  /** Records a read up to `requested` (clamped); returns the seq recorded. */
  async mark(reader: Reader, requested: number): Promise<number> {
    const state = await this.room.conversation.loaded();
    const seq = clampRead(requested, state.lastSeq);
    if (this.pending.add({ kind: reader.kind, readerId: reader.id, seq })) await this.scheduleAlarm();
    if (advanceRead(state, reader.kind, seq)) this.room.broadcast({ type: 'read', side: reader.kind, seq });
    return seq;
  }

  /** The alarm's work: writes the pending marks (and recounts unread) in one statement. */
  async flush(): Promise<void> {
    const { conversation, db } = this.room;
    const marks = this.pending.all();
    const ref = conversation.ref();
    if (marks.length === 0 || !ref) return;
    await conversation.locked(async () => {
      const row = await db.use(({ db }) => writeReads(db, ref.id, ref.projectId, marks));
      this.pending.flushed(marks);
      const state = conversation.current;
      if (row && state) {
        conversation.adopt(applyRow(state.visitor, row));
        this.notifyInbox();
      }
    });
  }

  /** Sets the alarm for the next flush or snooze end, unless it is already set earlier. */
  async scheduleAlarm(): Promise<void> {
    const { storage } = this.room;
    const wanted = nextAlarm(
      Date.now(),
      this.room.limits().readFlushMs,
      this.pending.all().length > 0,
      this.room.conversation.current,
      this.otherDue(),
    );
    if (wanted === null) return;
    const current = await storage.getAlarm();
    if (current === null || current > wanted) await storage.setAlarm(wanted);
  }

  /** Reads are not events: the room itself tells the inbox when flushed reads changed unread counts. */
  private notifyInbox(): void {
    const state = this.room.conversation.current;
    if (!state) return;
    const summary = toSummary(state);
    const revision = state.revision;
    const inbox = this.room.inboxes.getByName(summary.projectId);
    // In order, never blocking the next commit; the inbox drops it if a newer revision was pushed.
    this.inboxChain = this.inboxChain
      .then(() => inbox.conversationsChanged([{ change: 'updated', conversation: summary, revision }]))
      .catch((err: unknown) => log.warn('inbox notify failed', { conversationId: summary.id, ...errorFields(err) }));
  }
}
