// Message deletion: who may delete which message (pure, `deletionRefusal`), the message as the
// decision needs it with the project's window (`findForDeletion`), and the one statement that
// erases it (`eraseMessage`): body and attachment emptied, a tombstone time set, the list preview
// replaced when it showed that message, earlier `message.created` payloads (outbox, failed events,
// webhook delivery log) scrubbed, the `message.deleted` event and the audit entry written, and the
// attachment's R2 object handed to the erasure tasks. The ConversationRoom runs it under its lock.
import { sql } from 'drizzle-orm';
import type { AuthorKind } from '../../contract/enums.ts';
import type { EventDraft } from '../../contract/events.ts';
import { DELETED_MESSAGE_PREVIEW, type ErrorCode } from '../../contract/frames.ts';
import { UUID } from '../../contract/ids.ts';
import type { Db } from '../platform/db.ts';
import type { ConversationRow } from './state.ts';

/** The window a project without conversation settings gets (minutes; 0 = authors never delete). */
export const DEFAULT_DELETE_WINDOW_MINUTES = 15;

export interface DeletionTarget {
  id: string;
  seq: number;
  authorKind: AuthorKind;
  authorId: string | null;
  private: boolean;
  createdAt: Date;
  deletedAt: Date | null;
  attachmentKey: string | null;
  /** The project's window for authors, in minutes (0: never). */
  windowMinutes: number;
}

/** Who asks: a participant of the conversation, as the Worker authenticated them. */
export interface Deleter {
  kind: 'visitor' | 'agent';
  id: string;
}

/**
 * Why `by` may not delete `target` now, or null when they may: an author their own message within
 * the window; an agent any visitor's message at any time. A visitor never learns of a private note.
 */
export function deletionRefusal(
  target: DeletionTarget | null,
  by: Deleter,
  now: Date,
): { code: ErrorCode; message: string } | null {
  if (!target || (by.kind === 'visitor' && target.private)) return { code: 'not_found', message: 'Message not found' };
  if (target.deletedAt) return { code: 'already_deleted', message: 'This message is already deleted' };
  const own = target.authorKind === by.kind && target.authorId === by.id;
  if (own) {
    if (target.windowMinutes <= 0) {
      return { code: 'delete_window_passed', message: 'This project does not let authors delete their messages' };
    }
    if (now.getTime() - target.createdAt.getTime() > target.windowMinutes * 60_000) {
      return {
        code: 'delete_window_passed',
        message: `Messages can be deleted up to ${target.windowMinutes} minutes after they were sent`,
      };
    }
    return null;
  }
  if (by.kind === 'agent' && target.authorKind === 'visitor') return null;
  return { code: 'forbidden', message: 'Only its author can delete this message' };
}

type TargetRow = {
  id: string;
  seq: number;
  author_kind: AuthorKind;
  author_id: string | null;
  private: boolean;
  created_at: Date | string;
  deleted_at: Date | string | null;
  attachment_key: string | null;
  window_minutes: number;
};

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** The message in this conversation (and project) with the project's window; null when there is none. */
export async function findForDeletion(
  db: Db,
  conversationId: string,
  projectId: string,
  messageId: string,
): Promise<DeletionTarget | null> {
  // Not a uuid: no such message (and Postgres is never asked to cast it).
  if (!UUID.test(messageId)) return null;
  const result = await db.execute<TargetRow>(sql`
    select m.id, m.seq, m.author_kind, m.author_id, m.private, m.created_at, m.deleted_at, m.attachment_key,
      coalesce(s.message_delete_window_minutes, ${DEFAULT_DELETE_WINDOW_MINUTES})::int as window_minutes
    from messages m
    left join conversation_settings s on s.project_id = m.project_id
    where m.id = ${messageId}::uuid and m.conversation_id = ${conversationId} and m.project_id = ${projectId}`);
  const row = result.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    seq: Number(row.seq),
    authorKind: row.author_kind,
    authorId: row.author_id,
    private: row.private,
    createdAt: date(row.created_at),
    deletedAt: row.deleted_at === null ? null : date(row.deleted_at),
    attachmentKey: row.attachment_key,
    windowMinutes: Number(row.window_minutes),
  };
}

export interface Erasure {
  conversationId: string;
  projectId: string;
  target: DeletionTarget;
  by: Deleter;
  event: EventDraft<'message.deleted'>;
  now: Date;
}

/**
 * Erases the message in one statement (an implicit transaction). Returns whether it was erased
 * (false: deleted meanwhile) and the conversation row when its preview changed.
 */
export async function eraseMessage(
  db: Db,
  e: Erasure,
): Promise<{ erased: boolean; conversation: ConversationRow | null }> {
  const { conversationId: c, projectId: p, target } = e;
  // Ids only: never the text.
  const audit = JSON.stringify({
    conversationId: c,
    messageId: target.id,
    seq: target.seq,
    authorKind: target.authorKind,
    byKind: e.by.kind,
    ...(e.by.kind === 'visitor' ? { visitorId: e.by.id } : {}),
  });
  const actorUser = e.by.kind === 'agent' ? e.by.id : null;
  const result = await db.execute<{ erased: number; conversation: ConversationRow | null }>(sql`
    with lockconv as (
      -- The conversation row first, then the message: the events consumer locks in that order too
      -- (worker/conversations/denormalize.ts), so the two never deadlock.
      select id from conversations where id = ${c} and project_id = ${p} for update
    ), m as (
      update messages set body = '', attachment_key = null, attachment_name = null,
        attachment_content_type = null, attachment_size = null, mentions = null, deleted_at = ${e.now}::timestamptz
      where id = ${target.id}::uuid and conversation_id = ${c} and project_id = ${p} and deleted_at is null
        and exists (select 1 from lockconv)
      returning id, seq
    ), conv as (
      -- Matched on the id alone, so the row is locked and the preview decided on its newest
      -- version: a consumer that moved last_message_seq to this message and committed while this
      -- statement waited is seen here (a condition on last_message_seq would be read from this
      -- statement's older snapshot, and miss it).
      update conversations set
        last_message_preview = case when last_message_seq = (select seq from m) then ${DELETED_MESSAGE_PREVIEW}
          else last_message_preview end,
        revision = revision + 1, updated_at = now()
      where id = ${c} and project_id = ${p} and exists (select 1 from m)
      returning *, last_message_seq = (select seq from m) as preview_changed
    ), scrubbed as (
      update outbox_events
        set payload = jsonb_set(jsonb_set(payload, '{message,body}', '""'), '{message,attachment}', 'null')
      where aggregate_type = 'conversation' and aggregate_id = ${c}::text and type = 'message.created'
        and payload->'message'->>'id' = ${target.id} and exists (select 1 from m)
      returning id
    ), failed as (
      update failed_events
        set event = jsonb_set(jsonb_set(event, '{payload,message,body}', '""'), '{payload,message,attachment}', 'null')
      where event_id in (select id from scrubbed)
      returning 1
    ), deliveries as (
      update webhook_deliveries
        set body = jsonb_set(jsonb_set(body::jsonb, '{data,message,body}', '""'), '{data,message,attachment}', 'null')::text
      where event_id in (select id from scrubbed)
      returning 1
    ), event as (
      insert into outbox_events (project_id, aggregate_type, aggregate_id, type, payload, created_at)
      select ${p}, 'conversation', ${c}::text, ${e.event.type}, ${JSON.stringify(e.event.payload)}::jsonb,
        ${e.now}::timestamptz
      from m
      returning 1
    ), audit as (
      insert into audit_events (project_id, actor_id, type, data)
      select ${p}, ${actorUser}::uuid, 'message.deleted', ${audit}::jsonb from m
      returning 1
    ), object as (
      insert into erasure_tasks (project_id, prefixes)
      select ${p}, array[${target.attachmentKey}::text] from m where ${target.attachmentKey}::text is not null
      returning 1
    )
    -- Every data-modifying part runs to completion whether or not it is read here.
    select (select count(*) from m)::int as erased,
      (select to_jsonb(conv) - 'preview_changed' from conv where conv.preview_changed) as conversation`);
  const row = result.rows[0];
  return { erased: (row?.erased ?? 0) > 0, conversation: row?.conversation ?? null };
}
