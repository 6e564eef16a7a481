// Changing the labels on one conversation: one transaction locks the conversation, checks every
// label is the project's, writes conversation_labels and the conversations.label_ids mirror
// (bumping the row's revision so the inbox orders the push), and the `conversation.labels_changed`
// outbox row. A change that changes nothing writes nothing and emits nothing.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, labelsChanged } from '../../contract/events.ts';
import { LABELS_PER_CONVERSATION_MAX } from '../../contract/rest/labels.ts';
import { type Tx, writeOutbox } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { conversationLabels, labels } from '../../drizzle/schema/labels.ts';
import { badRequest, notFound } from '../errors.ts';

export type LabelChange = { kind: 'replace' | 'add' | 'remove'; labelIds: readonly string[] };

/** The set after the change (in a stable order: the current ones first, then the new ones). */
export function nextLabelSet(current: readonly string[], change: LabelChange): string[] {
  const wanted = [...new Set(change.labelIds)];
  if (change.kind === 'replace')
    return [...current.filter((id) => wanted.includes(id)), ...wanted.filter((id) => !current.includes(id))];
  if (change.kind === 'add') return [...current, ...wanted.filter((id) => !current.includes(id))];
  return current.filter((id) => !wanted.includes(id));
}

/** Postgres hands a uuid[] back parsed, or as its text form through some drivers. */
export function labelIdsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .replace(/^\{|\}$/g, '')
      .split(',')
      .filter(Boolean);
  return [];
}

export interface LabelsResult {
  labelIds: string[];
  changed: boolean;
}

export async function changeConversationLabels(
  db: Db,
  projectId: string,
  conversationId: string,
  change: LabelChange,
  by: Actor,
): Promise<LabelsResult> {
  return db.transaction(async (tx) => {
    const locked = await tx.execute<{ label_ids: unknown }>(sql`
      select label_ids from conversations where id = ${conversationId} and project_id = ${projectId} for update`);
    const row = locked.rows[0];
    if (!row) throw notFound('Conversation');
    const current = labelIdsOf(row.label_ids);
    // Adding or replacing names labels that must be this project's; removing one that is not
    // there (or another project's) is a change of nothing.
    if (change.kind !== 'remove') await requireProjectLabels(tx, projectId, change.labelIds);
    const next = nextLabelSet(current, change);
    if (next.length > LABELS_PER_CONVERSATION_MAX) {
      throw badRequest(`A conversation carries at most ${LABELS_PER_CONVERSATION_MAX} labels`, 'too_many_labels');
    }
    const added = next.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !next.includes(id));
    if (added.length === 0 && removed.length === 0) return { labelIds: current, changed: false };
    await writeLabelSet(tx, projectId, conversationId, { labelIds: next, added, removed }, by);
    return { labelIds: next, changed: true };
  });
}

/** Every one of `ids` is a label of the project (404 `not_found` otherwise). */
export async function requireProjectLabels(tx: Tx | Db, projectId: string, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await tx
    .select({ id: labels.id })
    .from(labels)
    .where(and(eq(labels.projectId, projectId), inArray(labels.id, unique)))
    // Held until commit (in a transaction): a concurrent deletion of one of them waits, then takes it off again.
    .for('share');
  // Another project's label is a label that does not exist here.
  if (found.length !== unique.length) throw notFound('Label');
}

/** Writes the new set (both tables) and its event; the caller holds the conversation's row lock. */
async function writeLabelSet(
  tx: Tx,
  projectId: string,
  conversationId: string,
  change: { labelIds: string[]; added: string[]; removed: string[] },
  by: Actor,
): Promise<void> {
  const now = new Date();
  if (change.removed.length > 0) {
    await tx
      .delete(conversationLabels)
      .where(
        and(eq(conversationLabels.conversationId, conversationId), inArray(conversationLabels.labelId, change.removed)),
      );
  }
  if (change.added.length > 0) {
    await tx
      .insert(conversationLabels)
      .values(change.added.map((labelId) => ({ conversationId, labelId, projectId, createdAt: now })))
      .onConflictDoNothing();
  }
  await tx.execute(sql`
    update conversations set label_ids = ${`{${change.labelIds.join(',')}}`}::uuid[],
      revision = revision + 1, updated_at = ${now}::timestamptz
    where id = ${conversationId} and project_id = ${projectId}`);
  await writeOutbox(tx, [
    {
      projectId,
      type: 'conversation.labels_changed',
      aggregateType: 'conversation',
      aggregateId: conversationId,
      payload: labelsChanged(conversationId, projectId, change, now, by).payload,
    },
  ]);
}

/**
 * A label's deletion takes it off every conversation that carried it: one statement updates the
 * mirrors and writes one `conversation.labels_changed` per conversation (by the Manager who deleted
 * it), before the label row goes (its conversation_labels rows go with it by cascade).
 */
export async function removeLabelEverywhere(tx: Tx, projectId: string, labelId: string, by: Actor): Promise<number> {
  const now = new Date();
  const actor = JSON.stringify(by.kind === 'system' ? { kind: 'system' } : { kind: by.kind, id: by.id });
  const result = await tx.execute<{ n: number }>(sql`
    with changed as (
      update conversations c set label_ids = array_remove(c.label_ids, ${labelId}::uuid),
        revision = c.revision + 1, updated_at = ${now}::timestamptz
      where c.project_id = ${projectId}
        and c.id in (select cl.conversation_id from conversation_labels cl where cl.label_id = ${labelId})
      returning c.id, c.label_ids
    ), events as (
      insert into outbox_events (project_id, aggregate_type, aggregate_id, type, payload, created_at)
      select ${projectId}, 'conversation', changed.id::text, 'conversation.labels_changed',
        jsonb_build_object(
          'conversationId', changed.id::text, 'projectId', ${projectId}::text,
          'labelIds', to_jsonb(changed.label_ids::text[]), 'added', '[]'::jsonb,
          'removed', jsonb_build_array(${labelId}::text),
          'changedAt', ${now.toISOString()}::text, 'by', ${actor}::jsonb),
        ${now}::timestamptz
      from changed
      returning 1
    )
    select count(*)::int as n from events`);
  return Number(result.rows[0]?.n ?? 0);
}
