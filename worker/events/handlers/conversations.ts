// Keeps each conversation's denormalized fields (worker/conversations/denormalize.ts) and tells
// the project's inbox (the dashboards' live socket) what changed. A batch's events are grouped by
// project: the messages are folded per conversation and applied with one UPDATE per
// DENORMALIZE_CHUNK conversations, then the project's inbox gets every changed conversation as
// committed, in one call. Each push carries the row's revision, so the inbox drops a push older
// than one it already made.
import { z } from 'zod';
import type { OutboxEvent } from '../../../contract/events.ts';
import { fromLoadedRow, type LoadedRow } from '../../../core/conversations/changes.ts';
import type { InboxChange, MentionPush } from '../../../core/conversations/inbox-api.ts';
import { previewOf } from '../../../core/conversations/preview.ts';
import { toSummary } from '../../../core/conversations/state.ts';
import { executeNamed } from '../../../core/platform/db.ts';
import { log } from '../../../core/platform/log.ts';
import { agentFieldsOf } from '../../conversations/agent-fields.ts';
import {
  applyFolded,
  type Folded,
  foldMessages,
  loadConversations,
  type MessageFact,
  messageFact,
} from '../../conversations/denormalize.ts';
import { chunksOf } from '../../lib/chunks.ts';
import type { EventHandler } from './types.ts';

const HANDLED = new Set([
  'message.created',
  // The room replaced the preview if it showed that message: the inbox gets the row as it is.
  'message.deleted',
  'conversation.created',
  'conversation.status_changed',
  'conversation.assigned',
  // The labels changed (worker/labels/apply.ts): the inbox gets the row with its label_ids.
  'conversation.labels_changed',
  // Likewise the priority (worker/conversations/priority.ts).
  'conversation.priority_changed',
]);
const uuid = z.uuid();

/** What a mention frame needs of a `message.created` payload. */
const mentionFact = z.object({
  conversationId: z.uuid(),
  message: z.object({
    id: z.string(),
    seq: z.number().int().positive(),
    author: z.object({ kind: z.literal('agent'), id: z.string(), name: z.string().optional() }),
    body: z.string(),
    private: z.literal(true),
    mentions: z.array(z.string()).min(1),
  }),
});

/**
 * The `mention` frames of the batch's notes. Replaying an event sends its frame again (this handler
 * keeps no markers): dashboards tell a repeat by its messageId. A deleted note's payload is scrubbed
 * first, so its text never travels again.
 */
export function mentionPushes(events: readonly OutboxEvent[]): MentionPush[] {
  return events.flatMap((event) => {
    if (event.type !== 'message.created') return [];
    // Nearly every message mentions nobody: only those that do are parsed.
    const message = event.payload.message as { mentions?: unknown } | undefined;
    if (!Array.isArray(message?.mentions)) return [];
    const parsed = mentionFact.safeParse(event.payload);
    if (!parsed.success) return [];
    const { conversationId, message: m } = parsed.data;
    return [
      {
        userIds: m.mentions,
        frame: {
          type: 'mention',
          conversationId,
          messageId: m.id,
          seq: m.seq,
          by: { id: m.author.id, ...(m.author.name ? { name: m.author.name } : {}) },
          preview: previewOf(m.body, null),
        },
      },
    ];
  });
}

/**
 * Conversations per denormalizing statement. A statement holds its rows' locks until it ends, and
 * the rooms committing to those conversations wait for it: a batch of a busy project's hundreds of
 * conversations in one statement made rooms wait up to ~70 ms, and enough waiting rooms at once
 * take every server connection of the pooler, so the other rooms wait too (docs/BENCHMARKS.md).
 */
export const DENORMALIZE_CHUNK = 16;

const conversationOf = (event: OutboxEvent): string | null => {
  const id = event.aggregateType === 'conversation' ? event.aggregateId : event.payload.conversationId;
  return uuid.safeParse(id).success ? (id as string) : null;
};

/** What the dashboards are told: a new conversation, a new assignee, or anything else. */
function changeKind(events: readonly OutboxEvent[]): InboxChange['change'] {
  if (events.some((e) => e.type === 'conversation.created')) return 'created';
  if (events.some((e) => e.type === 'conversation.assigned')) return 'assigned';
  return 'updated';
}

export const conversationsHandler: EventHandler = {
  name: 'conversations',
  handles: (type) => HANDLED.has(type),
  groupBy: (event) => event.projectId,
  // Every field is monotonic (worker/conversations/denormalize.ts): no markers, no transaction,
  // and the rows the rooms commit to are locked for one statement only.
  replaySafe: true,
  async apply(db, events, deps) {
    const projectId = events[0]?.projectId;
    if (!projectId) return undefined;
    const byConversation = new Map<string, OutboxEvent[]>();
    const facts = new Map<string, MessageFact[]>();
    for (const event of events) {
      const id = conversationOf(event);
      if (!id) continue;
      if (event.type === 'message.created') {
        const fact = messageFact.safeParse(event.payload);
        // A payload this version cannot read changes nothing (logged without its content).
        if (!fact.success || fact.data.conversationId !== id) {
          log.error('unreadable message.created payload', { eventId: event.id, projectId });
          continue;
        }
        facts.set(id, [...(facts.get(id) ?? []), fact.data]);
      }
      byConversation.set(id, [...(byConversation.get(id) ?? []), event]);
    }
    if (byConversation.size === 0) return undefined;
    const folded = new Map<string, Folded>([...facts].map(([id, list]) => [id, foldMessages(list)]));
    const rows: LoadedRow[] = [];
    // At most DENORMALIZE_CHUNK conversations a statement, one statement after another: each
    // statement locks its rows until it ends, and every room commit to one of them waits for it.
    // Named: one text whatever the chunk (its rows are one jsonb parameter), parsed once per backend.
    for (const chunk of chunksOf([...folded.keys()].sort(), DENORMALIZE_CHUNK)) {
      const part = new Map(chunk.map((id) => [id, folded.get(id) as Folded]));
      rows.push(...(await executeNamed<LoadedRow>(db, applyFolded(projectId, part))).rows);
    }
    const unchanged = [...byConversation.keys()].filter((id) => !folded.has(id));
    if (unchanged.length > 0) rows.push(...(await db.execute<LoadedRow>(loadConversations(projectId, unchanged))).rows);
    const mentions = mentionPushes(events);
    if (rows.length === 0 && mentions.length === 0) return undefined;
    const changes: InboxChange[] = rows.map((row: LoadedRow & { label_ids?: unknown; priority?: unknown }) => {
      const state = fromLoadedRow(row);
      return {
        change: changeKind(byConversation.get(state.id) ?? []),
        conversation: { ...toSummary(state), ...agentFieldsOf(row) },
        revision: state.revision,
      };
    });
    return () => deps.env.PROJECT_INBOX.getByName(projectId).conversationsChanged(changes, mentions);
  },
};
