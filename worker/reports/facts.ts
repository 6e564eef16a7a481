// What an outbox event changes in a conversation's report facts (drizzle/schema/reports.ts), as
// plain values, and the one upsert that applies it. Every change is a minimum or a
// last-writer-by-time value keyed by (time, key), so any delivery order, grouping or repetition
// ends in the same row. `key` breaks ties between changes at the same instant: it starts with a
// rank (an assignment outranks the assignee a creation names) and ends with the event id.
import { type SQL, sql } from 'drizzle-orm';
import { eventPayloads, type OutboxEvent } from '../../contract/events.ts';
import { UUID } from '../../contract/ids.ts';

export type FactChange =
  | { kind: 'opened'; at: string; assigneeId: string | null; key: string }
  | { kind: 'first_response'; at: string }
  | { kind: 'status'; at: string; resolved: boolean; key: string }
  | { kind: 'assignee'; at: string; assigneeId: string | null; key: string }
  | { kind: 'labels'; at: string; labelIds: string[]; key: string }
  | {
      kind: 'rating';
      at: string;
      rating: number;
      resolvedAt: string;
      assigneeId: string | null;
      key: string;
    };

export const REPORTED_EVENTS: ReadonlySet<string> = new Set([
  'conversation.created',
  'message.created',
  'conversation.status_changed',
  'conversation.assigned',
  'conversation.labels_changed',
  'conversation.rated',
]);

const instant = (value: string): string | null => {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};
const uuidOrNull = (value: string | null): string | null => (value && UUID.test(value) ? value : null);

/**
 * The change an event makes, or null when it makes none (a visitor's message, a private note, a
 * payload this version cannot read). The time of a status change or an assignment is its outbox
 * row's, which the writer stamps with the same instant as the conversation's row.
 */
export function factChange(event: OutboxEvent): { conversationId: string; change: FactChange } | null {
  const parsed = (() => {
    switch (event.type) {
      case 'conversation.created': {
        const p = eventPayloads[event.type].safeParse(event.payload);
        if (!p.success) return null;
        const at = instant(p.data.createdAt);
        return (
          at && {
            id: p.data.conversationId,
            change: {
              kind: 'opened',
              at,
              assigneeId: uuidOrNull(p.data.assigneeId),
              key: `0:${event.id}`,
            } satisfies FactChange,
          }
        );
      }
      case 'message.created': {
        const p = eventPayloads[event.type].safeParse(event.payload);
        if (!p.success || p.data.message.author.kind !== 'agent' || p.data.message.private) return null;
        const at = instant(p.data.message.createdAt);
        return at && { id: p.data.conversationId, change: { kind: 'first_response', at } satisfies FactChange };
      }
      case 'conversation.status_changed': {
        const p = eventPayloads[event.type].safeParse(event.payload);
        const at = instant(event.createdAt);
        if (!p.success || !at) return null;
        return {
          id: p.data.conversationId,
          change: { kind: 'status', at, resolved: p.data.to === 'resolved', key: event.id } satisfies FactChange,
        };
      }
      case 'conversation.assigned': {
        const p = eventPayloads[event.type].safeParse(event.payload);
        const at = instant(event.createdAt);
        if (!p.success || !at) return null;
        return {
          id: p.data.conversationId,
          change: {
            kind: 'assignee',
            at,
            assigneeId: uuidOrNull(p.data.assigneeId),
            key: `1:${event.id}`,
          } satisfies FactChange,
        };
      }
      case 'conversation.labels_changed': {
        const p = eventPayloads[event.type].safeParse(event.payload);
        const at = p.success ? instant(p.data.changedAt) : null;
        if (!p.success || !at) return null;
        const labelIds = [...new Set(p.data.labelIds)].sort();
        return {
          id: p.data.conversationId,
          change: { kind: 'labels', at, labelIds, key: event.id } satisfies FactChange,
        };
      }
      case 'conversation.rated': {
        const p = eventPayloads[event.type].safeParse(event.payload);
        const at = p.success ? instant(p.data.ratedAt) : null;
        const resolvedAt = p.success ? instant(p.data.resolvedAt) : null;
        if (!p.success || !at || !resolvedAt) return null;
        const change: FactChange = {
          kind: 'rating',
          at,
          rating: p.data.rating,
          resolvedAt,
          assigneeId: uuidOrNull(p.data.assigneeId),
          key: event.id,
        };
        return { id: p.data.conversationId, change };
      }
      default:
        return null;
    }
  })();
  if (!parsed || !UUID.test(parsed.id)) return null;
  return { conversationId: parsed.id, change: parsed.change };
}

const isFirstResponse = <F extends { change: FactChange }>(
  fact: F,
): fact is F & { change: { kind: 'first_response' } } => fact.change.kind === 'first_response';

/**
 * A batch's changes with each conversation's first-response candidates folded into the earliest:
 * only it can be the first response, so one upsert instead of one per reply. The other changes
 * keep their order; the folded ones follow them.
 */
export function foldFirstResponses<F extends { conversationId: string; change: FactChange }>(facts: readonly F[]): F[] {
  const others: F[] = [];
  const earliest = new Map<string, F & { change: { kind: 'first_response' } }>();
  for (const fact of facts) {
    if (!isFirstResponse(fact)) others.push(fact);
    else {
      const held = earliest.get(fact.conversationId);
      if (!held || fact.change.at < held.change.at) earliest.set(fact.conversationId, fact);
    }
  }
  return [...others, ...earliest.values()];
}

/** `(at, key)` is newer than the stored pair (or nothing is stored yet). */
const newer = (at: SQL, key: SQL, storedAt: string, storedKey: string): SQL =>
  sql`(${sql.raw(`r.${storedAt}`)} is null or (${at}, ${key}) > (${sql.raw(`r.${storedAt}`)}, ${sql.raw(`r.${storedKey}`)}))`;

/** A user id as the facts keep it: null when no such user is left (the row refers to users). */
const userRef = (id: string | null): SQL => sql`(select u.id from users u where u.id = ${id}::uuid)`;

/**
 * The upsert of one change: inserts the row for a conversation of this project that exists (an
 * event for an erased conversation, or another project's, writes nothing) or merges into it.
 */
export function applyFactChange(projectId: string, conversationId: string, change: FactChange): SQL {
  const at = sql`${change.at}::timestamptz`;
  const base = (columns: SQL, values: SQL, merge: SQL) => sql`
    insert into report_conversations as r (conversation_id, project_id, ${columns})
    select c.id, c.project_id, ${values} from conversations c
    where c.id = ${conversationId}::uuid and c.project_id = ${projectId}::uuid
    on conflict (conversation_id) do update set ${merge}, updated_at = now()`;
  switch (change.kind) {
    case 'opened': {
      const key = sql`${change.key}::text`;
      const wins = newer(sql`excluded.assignee_at`, sql`excluded.assignee_key`, 'assignee_at', 'assignee_key');
      return base(
        sql`opened_at, assignee_id, assignee_at, assignee_key`,
        sql`${at}, ${userRef(change.assigneeId)}, ${at}, ${key}`,
        sql`opened_at = least(r.opened_at, excluded.opened_at),
          assignee_id = case when ${wins} then excluded.assignee_id else r.assignee_id end,
          assignee_key = case when ${wins} then excluded.assignee_key else r.assignee_key end,
          assignee_at = case when ${wins} then excluded.assignee_at else r.assignee_at end`,
      );
    }
    case 'first_response':
      return base(
        sql`first_response_at`,
        sql`${at}`,
        sql`first_response_at = least(r.first_response_at, excluded.first_response_at)`,
      );
    case 'status': {
      const wins = newer(sql`excluded.status_changed_at`, sql`excluded.status_key`, 'status_changed_at', 'status_key');
      return base(
        sql`status_changed_at, status_key, resolved_at`,
        sql`${at}, ${change.key}::text, ${change.resolved ? at : sql`null::timestamptz`}`,
        sql`resolved_at = case when ${wins} then excluded.resolved_at else r.resolved_at end,
          status_key = case when ${wins} then excluded.status_key else r.status_key end,
          status_changed_at = case when ${wins} then excluded.status_changed_at else r.status_changed_at end`,
      );
    }
    case 'assignee': {
      const wins = newer(sql`excluded.assignee_at`, sql`excluded.assignee_key`, 'assignee_at', 'assignee_key');
      return base(
        sql`assignee_id, assignee_at, assignee_key`,
        sql`${userRef(change.assigneeId)}, ${at}, ${change.key}::text`,
        sql`assignee_id = case when ${wins} then excluded.assignee_id else r.assignee_id end,
          assignee_key = case when ${wins} then excluded.assignee_key else r.assignee_key end,
          assignee_at = case when ${wins} then excluded.assignee_at else r.assignee_at end`,
      );
    }
    case 'labels': {
      const wins = newer(sql`excluded.labels_at`, sql`excluded.labels_key`, 'labels_at', 'labels_key');
      return base(
        sql`label_ids, labels_at, labels_key`,
        sql`array(select jsonb_array_elements_text(${JSON.stringify(change.labelIds)}::jsonb)), ${at}, ${change.key}::text`,
        sql`label_ids = case when ${wins} then excluded.label_ids else r.label_ids end,
          labels_key = case when ${wins} then excluded.labels_key else r.labels_key end,
          labels_at = case when ${wins} then excluded.labels_at else r.labels_at end`,
      );
    }
    case 'rating': {
      const wins = newer(sql`excluded.rated_at`, sql`excluded.rating_key`, 'rated_at', 'rating_key');
      return base(
        sql`rating, rating_resolved_at, rating_assignee_id, rated_at, rating_key`,
        sql`${change.rating}::smallint, ${change.resolvedAt}::timestamptz, ${userRef(change.assigneeId)}, ${at}, ${change.key}::text`,
        sql`rating = case when ${wins} then excluded.rating else r.rating end,
          rating_resolved_at = case when ${wins} then excluded.rating_resolved_at else r.rating_resolved_at end,
          rating_assignee_id = case when ${wins} then excluded.rating_assignee_id else r.rating_assignee_id end,
          rating_key = case when ${wins} then excluded.rating_key else r.rating_key end,
          rated_at = case when ${wins} then excluded.rated_at else r.rated_at end`,
      );
    }
  }
}
