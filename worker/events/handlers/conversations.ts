// Keeps each conversation's denormalized fields (worker/conversations/denormalize.ts) and tells
// the project's inbox (the dashboards' live socket) what changed. A batch's events are grouped
// by conversation: one UPDATE per conversation per batch, one push with the row as committed.
// The push carries the row's revision, so the inbox drops a push older than one it already made.
import { z } from 'zod';
import { fromLoadedRow, type LoadedRow, loadConversation } from '../../../durable-objects/room/changes.ts';
import { type RoomState, toSummary } from '../../../durable-objects/room/state.ts';
import { applyFolded, foldMessages, type MessageFact, messageFact } from '../../conversations/denormalize.ts';
import type { OutboxEvent } from '../catalogue.ts';
import type { EventHandler } from './types.ts';

const HANDLED = new Set([
  'message.created',
  'conversation.created',
  'conversation.status_changed',
  'conversation.assigned',
]);
const uuid = z.uuid();

const conversationOf = (event: OutboxEvent): string | null => {
  const id = event.aggregateType === 'conversation' ? event.aggregateId : event.payload.conversationId;
  return uuid.safeParse(id).success ? (id as string) : null;
};

export const conversationsHandler: EventHandler = {
  name: 'conversations',
  handles: (type) => HANDLED.has(type),
  groupBy: (event) => `${event.projectId}/${conversationOf(event) ?? event.id}`,
  async apply(tx, events, deps) {
    const first = events[0];
    const conversationId = first ? conversationOf(first) : null;
    if (!first || !conversationId) return undefined;
    const { projectId } = first;
    const facts: MessageFact[] = [];
    for (const event of events) {
      if (event.type !== 'message.created') continue;
      const fact = messageFact.safeParse(event.payload);
      // A payload this version cannot read changes nothing (logged without its content).
      if (fact.success && fact.data.conversationId === conversationId) facts.push(fact.data);
      else console.error(`conversations handler: unreadable message.created payload in event ${event.id}`);
    }
    const changed = events.some((e) => e.type !== 'message.created');
    if (facts.length === 0 && !changed) return undefined;
    let state: RoomState | null;
    if (facts.length > 0) {
      const result = await tx.execute<LoadedRow>(applyFolded(conversationId, projectId, foldMessages(facts)));
      state = result.rows[0] ? fromLoadedRow(result.rows[0]) : null;
    } else {
      state = await loadConversation(tx, conversationId, projectId);
    }
    if (!state) return undefined;
    const kind = events.some((e) => e.type === 'conversation.created')
      ? 'created'
      : events.some((e) => e.type === 'conversation.assigned')
        ? 'assigned'
        : 'updated';
    const summary = toSummary(state);
    const revision = state.revision;
    return () => deps.env.PROJECT_INBOX.getByName(projectId).conversationChanged(kind, summary, revision);
  },
};
