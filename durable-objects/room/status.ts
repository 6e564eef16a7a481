// Status and assignment changes: each one statement with its outbox row, then adopted and
// broadcast as a `conversation` frame (the events consumer tells the inbox). A snooze's end is
// the alarm's to act on; a change that changes nothing writes nothing.
import type { ConversationStatus } from '../../contract/enums.ts';
import { assigned, statusChanged } from '../../contract/events.ts';
import type { ConversationSummary } from '../../contract/frames.ts';
import { writeAssignee, writeStatus } from '../../core/conversations/changes.ts';
import type { Actor } from '../../core/conversations/room-api.ts';
import { applyRow, type ConversationRow, type RoomState, toSummary } from '../../core/conversations/state.ts';
import type { Db } from '../../core/platform/db.ts';
import type { RoomContext } from './context.ts';
import { RoomError } from './errors.ts';

/**
 * The snoozedUntil a status change writes (only a snooze keeps one), or 'unchanged' when the
 * conversation already has that status and time. Snoozing without a time is refused.
 */
export function statusChange(
  state: Pick<RoomState, 'status' | 'snoozedUntil'>,
  status: ConversationStatus,
  snoozedUntil: Date | null,
): { until: Date | null } | 'unchanged' {
  const until = status === 'snoozed' ? snoozedUntil : null;
  if (status === 'snoozed' && !until) throw new RoomError('invalid_message', 'Snoozing needs snoozedUntil');
  if (state.status === status && state.snoozedUntil?.getTime() === until?.getTime()) return 'unchanged';
  return { until };
}

/** Has this conversation's snooze run out by `now`? */
export const snoozeEnded = (state: Pick<RoomState, 'status' | 'snoozedUntil'>, now: number): boolean =>
  state.status === 'snoozed' && state.snoozedUntil !== null && state.snoozedUntil.getTime() <= now;

/** Both run under the room's write lock (the caller takes it). */
export class StatusChanges {
  private readonly room: RoomContext;
  /** A snooze sets the alarm that ends it (room/reads.ts keeps the alarm). */
  private readonly scheduleAlarm: () => Promise<void>;

  constructor(room: RoomContext, scheduleAlarm: () => Promise<void>) {
    this.room = room;
    this.scheduleAlarm = scheduleAlarm;
  }

  async setStatus(actor: Actor, status: ConversationStatus, snoozedUntil: Date | null): Promise<ConversationSummary> {
    const state = await this.room.conversation.loaded();
    const change = statusChange(state, status, snoozedUntil);
    if (change === 'unchanged') return toSummary(state);
    const events = [statusChanged(state.id, state.projectId, state.status, status, change.until, actor)];
    const next = await this.commit(state, (db, now) => writeStatus(db, state.id, status, change.until, events, now));
    await this.scheduleAlarm();
    return toSummary(next);
  }

  /**
   * The Worker checked that the assignee is a member of the project. `onlyIfUnassigned`: an
   * assignment by reply (room/assign-on-reply.ts), which leaves one made meanwhile alone.
   */
  async assign(actor: Actor, assigneeId: string | null, onlyIfUnassigned = false): Promise<ConversationSummary> {
    const state = await this.room.conversation.loaded();
    if (state.assigneeId === assigneeId || (onlyIfUnassigned && state.assigneeId !== null)) return toSummary(state);
    const events = [assigned(state.id, state.projectId, state.assigneeId, assigneeId, actor)];
    return toSummary(await this.commit(state, (db, now) => writeAssignee(db, state.id, assigneeId, events, now)));
  }

  /** Writes the change with its outbox row, then adopts, publishes and broadcasts the new row. */
  private async commit(
    state: RoomState,
    write: (db: Db, now: Date) => Promise<ConversationRow | null>,
  ): Promise<RoomState> {
    const now = new Date();
    const row = await this.room.db.use(({ db }) => write(db, now));
    if (!row) throw new RoomError('not_found', 'Conversation not found');
    const next = applyRow(state.visitor, row);
    this.room.conversation.adopt(next);
    this.room.nudgeRelay();
    this.room.broadcastConversation();
    return next;
  }
}
