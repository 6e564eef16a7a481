// The delayed, batched, exactly-once email notification, keyed by (kind, recipient, conversation).
// One row in notification_marks per key holds a high-water mark (`notified_seq`: everything up to it
// was emailed or seen in time) and whether a delayed Queue message is outstanding (`due_at`).
//
// - scheduleNotifications(): the events of a Queue batch that may call for an email upsert their
//   rows, all in one statement; only the key that finds no outstanding message (due_at null, or
//   lost: long past) sends one, with its delay. Later events in the window just ride along, so one
//   email carries them all. The Queue send happens inside the batch's transaction: if it fails the
//   events are retried; if the commit fails after it, the spare message finds nothing to do.
// - deliverDue(): the delayed message locks the row (one that comes before the due time is
//   retried then: a Queue delay is approximate, and a stale copy of an earlier window waits) (FOR UPDATE: a concurrent or redelivered copy
//   waits, then sees the mark moved and sends nothing), lets the kind decide what is new past the
//   mark (and past what the recipient has seen), moves the mark and sends the email — all in one
//   transaction. A send that throws rolls the mark back and the message is retried; a commit lost
//   after a send is covered by the idempotency key the transports that support one get.
import { sql } from 'drizzle-orm';
import type { QueueMessage } from '../../contract/events.ts';
import type { NotificationKey } from '../../contract/notifications.ts';
import type { Tx } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { currentTrace, log } from '../../core/platform/log.ts';
import { chunksOf } from '../lib/chunks.ts';
import type { Mail, MailSender } from '../lib/mail.ts';

/** An outstanding message this far past its due time is presumed lost: the next event sends another. */
const LOST_AFTER_SECONDS = 15 * 60;
/** A copy delivered more than this before the row's due time is retried at the due time. */
const EARLY_SLACK_SECONDS = 5;

export interface Mark {
  notifiedSeq: number;
  dueAt: Date | null;
  reasons: string[];
}

/** What a kind decides at due time: how far the mark moves, and the email (null = nothing to send). */
export interface Decision {
  upToSeq: number;
  mail: Mail | null;
  /**
   * Tells this email apart from another at the same mark in the transport's idempotency key (a
   * resolution's rating request carries no new message, so the seq alone would repeat).
   */
  tag?: string;
}

export type Decide = (tx: Tx, key: NotificationKey, mark: Mark) => Promise<Decision>;

/** A key that may need an email in `delaySeconds`, with `reasons` besides new messages. */
export interface Wanted {
  key: NotificationKey;
  delaySeconds: number;
  reasons: readonly string[];
}

const keyOf = ({ key }: Wanted) => `${key.kind}:${key.recipientId}:${key.conversationId}`;

/**
 * Records that each key may need an email, in one statement for all of them (the keys are merged
 * and sorted first: a row is taken once, and concurrent consumers lock rows in the same order).
 * Only a key whose row had no outstanding message gets one, sent with its delay. Returns the keys
 * scheduled.
 */
export async function scheduleNotifications(
  tx: Tx,
  queue: Queue<QueueMessage>,
  wanted: readonly Wanted[],
): Promise<NotificationKey[]> {
  const merged = new Map<string, Wanted>();
  for (const w of wanted) {
    const known = merged.get(keyOf(w));
    const delaySeconds = Math.max(0, Math.min(43_200, Math.round(w.delaySeconds)));
    merged.set(
      keyOf(w),
      known
        ? {
            ...known,
            delaySeconds: Math.min(known.delaySeconds, delaySeconds),
            reasons: [...known.reasons, ...w.reasons],
          }
        : { ...w, delaySeconds },
    );
  }
  if (merged.size === 0) return [];
  const rows = [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
  // Reasons travel as one comma-joined text per key (an array of arrays would be flattened).
  const column = <T>(pick: (w: Wanted) => T) => sql.param(rows.map(pick));
  const result = await tx.execute<{ i: number; scheduled: boolean }>(sql`
    with k as (
      select * from unnest(${column((w) => w.key.kind)}::text[], ${column((w) => w.key.recipientId)}::uuid[],
        ${column((w) => w.key.conversationId)}::uuid[], ${column((w) => w.key.projectId)}::uuid[],
        ${column((w) => w.delaySeconds)}::integer[], ${column((w) => [...new Set(w.reasons)].sort().join(','))}::text[])
        with ordinality as k(kind, recipient_id, conversation_id, project_id, delay, reasons, i)
    ), upserted as (
      insert into notification_marks as n (kind, recipient_id, conversation_id, project_id, due_at, reasons)
      select kind, recipient_id, conversation_id, project_id, now() + make_interval(secs => delay),
        string_to_array(reasons, ',')
      from k order by i
      on conflict (kind, recipient_id, conversation_id) do update set
        reasons = array(select distinct r from unnest(n.reasons || excluded.reasons) as r order by r),
        due_at = case
          when n.due_at is null or n.due_at < now() - make_interval(secs => ${LOST_AFTER_SECONDS}) then excluded.due_at
          else n.due_at end,
        updated_at = now()
      returning n.kind, n.recipient_id, n.conversation_id, n.due_at
    )
    select k.i, u.due_at = now() + make_interval(secs => k.delay) as scheduled
    from upserted u join k using (kind, recipient_id, conversation_id)`);
  const scheduled = result.rows.flatMap((r) => {
    const w = r.scheduled ? rows[Number(r.i) - 1] : undefined;
    return w ? [w] : [];
  });
  const { requestId } = currentTrace();
  // sendBatch takes at most 100 messages.
  for (const batch of chunksOf(scheduled, 100)) {
    await queue.sendBatch(
      batch.map((w) => ({
        body: { kind: 'notification.due', notification: w.key, requestId },
        delaySeconds: w.delaySeconds,
        contentType: 'json',
      })),
    );
  }
  return scheduled.map((w) => w.key);
}

/** What a due message did: sent an email, found nothing new, or came early (due in `retryInSeconds`). */
export type DueOutcome = { outcome: 'sent' | 'nothing' | 'unknown' } | { outcome: 'early'; retryInSeconds: number };

/** Handles one `notification.due` message: decides, moves the mark and sends, exactly once. */
export async function deliverDue(
  db: Db,
  sender: MailSender,
  key: NotificationKey,
  decide: Decide,
): Promise<DueOutcome> {
  const result = await db.transaction(async (tx): Promise<DueOutcome> => {
    const rows = await tx.execute<{
      notified_seq: number;
      due_at: string | Date | null;
      reasons: string[];
      early: boolean;
      wait: number | string | null;
    }>(sql`
      select notified_seq, due_at, reasons,
        coalesce(due_at > now() + make_interval(secs => ${EARLY_SLACK_SECONDS}), false) as early,
        ceil(extract(epoch from due_at - now())) as wait
      from notification_marks
      where kind = ${key.kind} and recipient_id = ${key.recipientId} and conversation_id = ${key.conversationId}
        and project_id = ${key.projectId}
      for update`);
    const row = rows.rows[0];
    if (!row) return { outcome: 'unknown' };
    // Early (a Queue delay is approximate) or a stale copy of an earlier window: the current
    // window's own message, or this one retried at the due time, sends it.
    if (row.early) return { outcome: 'early', retryInSeconds: Math.max(1, Math.min(43_200, Number(row.wait ?? 1))) };
    const mark: Mark = {
      notifiedSeq: Number(row.notified_seq),
      dueAt: row.due_at === null ? null : new Date(row.due_at),
      reasons: row.reasons,
    };
    const decision = await decide(tx, key, mark);
    await tx.execute(sql`
      update notification_marks set
        notified_seq = greatest(notified_seq, ${decision.upToSeq}),
        due_at = null,
        reasons = '{}'::text[],
        sent_at = case when ${decision.mail !== null} then now() else sent_at end,
        updated_at = now()
      where kind = ${key.kind} and recipient_id = ${key.recipientId} and conversation_id = ${key.conversationId}`);
    if (!decision.mail) return { outcome: 'nothing' };
    // Inside the transaction: a failed send rolls the mark back and the message is retried.
    await sender.send({
      ...decision.mail,
      idempotencyKey: `${key.kind}:${key.recipientId}:${key.conversationId}:${decision.upToSeq}${decision.tag ? `:${decision.tag}` : ''}`,
    });
    return { outcome: 'sent' };
  });
  // Ids only: never the address or the text.
  log.info('notification due', {
    task: key.kind,
    projectId: key.projectId,
    conversationId: key.conversationId,
    outcome: result.outcome,
  });
  return result;
}
