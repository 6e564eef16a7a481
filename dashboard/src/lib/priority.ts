// A conversation's priority as the dashboard shows and filters it: the levels most pressing first
// (contract/enums.ts), their words, and whether a conversation matches the inbox's priority filter.
// Here rather than in a feature because the conversation's header and the inbox's rows both draw it.
import { CONVERSATION_PRIORITIES, type ConversationPriority } from '../../../contract/enums.ts';

export type { ConversationPriority };

/** The levels, most pressing first. */
export const PRIORITIES: readonly ConversationPriority[] = CONVERSATION_PRIORITIES;

/** The inbox's filter: one level, or `none` for conversations without a priority. */
export type PriorityFilter = ConversationPriority | 'none';

const WORDS: Record<ConversationPriority, string> = { urgent: 'Urgent', high: 'High', medium: 'Medium', low: 'Low' };

export function isPriority(value: unknown): value is ConversationPriority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

/** "Urgent", …, or "No priority" (null; also anything unknown, so a bad value never shows raw). */
export function priorityLabel(priority: ConversationPriority | null | undefined): string {
  return isPriority(priority) ? WORDS[priority] : 'No priority';
}

/** 0 for urgent up to 3 for low; none (or unknown) after them all, 4. */
export function priorityRank(priority: ConversationPriority | null | undefined): number {
  return isPriority(priority) ? PRIORITIES.indexOf(priority) : PRIORITIES.length;
}

/** A stored or typed filter value, checked: anything else is no filter. */
export function parsePriorityFilter(value: unknown): PriorityFilter | null {
  return value === 'none' || isPriority(value) ? value : null;
}

/**
 * Whether a conversation belongs in a list filtered by priority (null filter: any). A priority
 * not told (undefined: a room frame's summary with nothing cached to keep) is not known to match.
 */
export function matchesPriority(
  priority: ConversationPriority | null | undefined,
  filter: PriorityFilter | null | undefined,
): boolean {
  if (!filter) return true;
  if (priority === undefined) return false;
  return filter === 'none' ? priority === null : priority === filter;
}
