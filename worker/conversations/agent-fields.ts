// What agents' views add to the shared conversation summary (contract/frames.ts): the labels and
// the priority, read off a raw `conversations` row (the consumer's and the visitor change's pushes
// select `c.*`). Room frames never carry them: there, absent means "not told".
import { CONVERSATION_PRIORITIES, type ConversationPriority } from '../../contract/enums.ts';
import { labelIdsOf } from '../labels/apply.ts';

const PRIORITIES: ReadonlySet<string> = new Set(CONVERSATION_PRIORITIES);

/** A row's priority; anything but a known level (null included) is none. */
export const priorityOf = (value: unknown): ConversationPriority | null =>
  typeof value === 'string' && PRIORITIES.has(value) ? (value as ConversationPriority) : null;

export const agentFieldsOf = (row: { label_ids?: unknown; priority?: unknown }) => ({
  labelIds: labelIdsOf(row.label_ids),
  priority: priorityOf(row.priority),
});
