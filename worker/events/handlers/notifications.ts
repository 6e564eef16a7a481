// Schedules the delayed, batched email notifications (worker/notifications/): a public agent reply
// → the visitor's "unseen replies" email (after the project's delay, if the visitor left an email
// and did not unsubscribe); a visitor message in an assigned conversation, or an assignment → the
// assignee's "while you were away" email; a resolution → the visitor's email with the rating links
// (CSAT), when they are gone by then and have not rated; a private note that mentions teammates → each
// one's "while you were away" email. Whether to send is decided when the delay is over.
// Per Queue batch and project: one read of the conversations' facts, and only when some event
// calls for an email, one transaction with their markers and one upsert of all the marks. Private
// notes that mention nobody and system lines are not even read about.
import { type SQL, sql } from 'drizzle-orm';
import { eventPayloads, type OutboxEvent } from '../../../contract/events.ts';
import { UNSEEN_REPLY_DELAY } from '../../../contract/notifications.ts';
import { executeNamed } from '../../../core/platform/db.ts';
import { AGENT_NOTIFY_DELAY_SECONDS, MENTIONED_REASON } from '../../notifications/agent-activity.ts';
import { scheduleNotifications, type Wanted } from '../../notifications/marks.ts';
import { RESOLVED_REASON } from '../../notifications/visitor-replies.ts';
import type { EventHandler } from './types.ts';

const HANDLED = new Set([
  'message.created',
  'conversation.created',
  'conversation.assigned',
  'conversation.status_changed',
]);

type ConversationFacts = {
  id: string;
  visitor_id: string;
  reachable: boolean;
  assignee_id: string | null;
  assignee_wants: boolean | null;
  delay: number | null;
};

/** The facts of the conversations, by id (those of another project are not found). */
/** Runs a read as a plain or a named statement. */
type Read = (query: SQL) => Promise<{ rows: ConversationFacts[] }>;

async function factsOf(
  read: Read,
  projectId: string,
  conversationIds: readonly string[],
): Promise<Map<string, ConversationFacts>> {
  const result = await read(factsQuery(projectId, conversationIds));
  return new Map(result.rows.map((row) => [row.id, row]));
}

function factsQuery(projectId: string, conversationIds: readonly string[]) {
  return sql`
    select c.id, c.visitor_id, c.assignee_id,
      (v.email is not null and v.email_unsubscribed_at is null and v.blocked_at is null) as reachable,
      u.email_notifications as assignee_wants,
      case when s.project_id is null then ${UNSEEN_REPLY_DELAY.default} else s.unseen_reply_email_delay_seconds end as delay
    from conversations c join visitors v on v.id = c.visitor_id
      left join users u on u.id = c.assignee_id
      left join conversation_settings s on s.project_id = c.project_id
    where c.id = any(${sql.param(conversationIds)}::uuid[]) and c.project_id = ${projectId}`;
}

/** The notifications one event may call for, given the conversation as it is now. */
function wantedBy(event: OutboxEvent, facts: ConversationFacts, conversationId: string): Wanted[] {
  const base = { projectId: event.projectId, conversationId };
  const forAssignee = (assigneeId: string | null, reasons: string[]): Wanted[] =>
    assigneeId && facts.assignee_id === assigneeId && facts.assignee_wants
      ? [
          {
            key: { ...base, kind: 'agent_activity', recipientId: assigneeId },
            delaySeconds: AGENT_NOTIFY_DELAY_SECONDS,
            reasons,
          },
        ]
      : [];
  if (event.type === 'message.created') {
    const parsed = eventPayloads['message.created'].safeParse(event.payload);
    if (!parsed.success) return [];
    const { author, mentions } = parsed.data.message;
    // A note that mentions teammates: each of them, whoever holds the conversation (the decider
    // checks at due time that they are still members, want these emails and are away).
    if (parsed.data.message.private) {
      return (mentions ?? [])
        .filter((id) => id !== author.id)
        .map((recipientId) => ({
          key: { ...base, kind: 'agent_activity', recipientId },
          delaySeconds: AGENT_NOTIFY_DELAY_SECONDS,
          reasons: [MENTIONED_REASON],
        }));
    }
    if (author.kind === 'agent' && facts.reachable && facts.delay !== null) {
      return [
        {
          key: { ...base, kind: 'visitor_unseen_replies', recipientId: facts.visitor_id },
          delaySeconds: facts.delay,
          reasons: [],
        },
      ];
    }
    if (author.kind === 'visitor') return forAssignee(facts.assignee_id, []);
    return [];
  }
  if (event.type === 'conversation.created') {
    const parsed = eventPayloads['conversation.created'].safeParse(event.payload);
    return parsed.success ? forAssignee(parsed.data.assigneeId, ['assigned']) : [];
  }
  if (event.type === 'conversation.status_changed') {
    // A resolution: the visitor's email may carry the rating links (CSAT), decided at due time —
    // only if the visitor is gone by then and has not rated (worker/notifications/visitor-replies.ts).
    const parsed = eventPayloads['conversation.status_changed'].safeParse(event.payload);
    if (!parsed.success || parsed.data.to !== 'resolved' || !facts.reachable || facts.delay === null) return [];
    return [
      {
        key: { ...base, kind: 'visitor_unseen_replies', recipientId: facts.visitor_id },
        delaySeconds: facts.delay,
        reasons: [RESOLVED_REASON],
      },
    ];
  }
  if (event.type === 'conversation.assigned') {
    const parsed = eventPayloads['conversation.assigned'].safeParse(event.payload);
    if (!parsed.success) return [];
    const { assigneeId, by } = parsed.data;
    // Taking a conversation yourself needs no email.
    if (by.kind === 'agent' && by.id === assigneeId) return [];
    return forAssignee(assigneeId, ['assigned']);
  }
  return [];
}

const conversationOf = (event: OutboxEvent): string | null => {
  const id = event.payload.conversationId;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
};

/** A message no email is ever about: a private note that mentions nobody, or a system line. */
function cannotNotify(event: OutboxEvent): boolean {
  if (event.type !== 'message.created') return false;
  const message = event.payload.message as
    | { private?: unknown; author?: { kind?: unknown }; mentions?: unknown }
    | undefined;
  const mentions = Array.isArray(message?.mentions) && message.mentions.length > 0;
  return (message?.private === true && !mentions) || message?.author?.kind === 'system';
}

/** The notifications `events` call for, given their conversations as `facts` says they are. */
function wantedOf(events: readonly OutboxEvent[], facts: ReadonlyMap<string, ConversationFacts>): Wanted[][] {
  return events.map((event) => {
    const conversationId = conversationOf(event);
    const known = conversationId ? facts.get(conversationId) : undefined;
    return conversationId && known ? wantedBy(event, known, conversationId) : [];
  });
}

const conversationsOf = (events: readonly OutboxEvent[]) =>
  [...new Set(events.flatMap((e) => conversationOf(e) ?? []))].sort();

export const notificationsHandler: EventHandler = {
  name: 'notifications',
  handles: (type) => HANDLED.has(type),
  matters: (event) => !cannotNotify(event),
  // Scheduling is order-free (it only ever adds a due time and reasons): one transaction per project.
  groupBy: (event) => event.projectId,
  // Most messages call for no email (an anonymous visitor, nobody assigned): those cost one read
  // per batch, no transaction and no marker. One that does later (an assignment came) is handled
  // then, as it would have been had it come then.
  async narrow(events, deps) {
    const projectId = events[0]?.projectId;
    const ids = conversationsOf(events);
    if (!projectId || ids.length === 0) return [];
    // Every batch makes this read: a named statement, parsed once per backend.
    const wanted = wantedOf(events, await factsOf((q) => executeNamed(deps.db, q), projectId, ids));
    return events.filter((_, i) => (wanted[i]?.length ?? 0) > 0);
  },
  async apply(tx, events, deps) {
    const projectId = events[0]?.projectId;
    const ids = conversationsOf(events);
    if (!projectId || ids.length === 0) return undefined;
    // Read again under the transaction: what holds when the marks are written.
    const wanted = wantedOf(events, await factsOf((q) => tx.execute<ConversationFacts>(q), projectId, ids)).flat();
    await scheduleNotifications(tx, deps.queue, wanted);
    return undefined;
  },
};
