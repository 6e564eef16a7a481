// The wire protocol as the dashboard uses it: the shared zod schemas (contract/frames.ts)
// as safe parsers, so a malformed or unknown frame is dropped instead of crashing a screen.

import type { ConversationSummary } from '../../../contract/frames.ts';
import {
  type InboxServerFrame,
  inboxServerFrame,
  type RoomServerFrame,
  roomServerFrame,
} from '../../../contract/frames.ts';

export type {
  Author,
  ConversationSummary,
  InboxClientFrame,
  InboxServerFrame,
  Message,
  RoomClientFrame,
  RoomServerFrame,
} from '../../../contract/frames.ts';
export { LIMITS } from '../../../contract/frames.ts';

export function parseRoomFrame(data: unknown): RoomServerFrame | null {
  const result = roomServerFrame.safeParse(data);
  return result.success ? result.data : null;
}

/** Also the `mention` frame: its shape is the contract's, so a malformed one (no messageId, say) is dropped. */
export function parseInboxFrame(data: unknown): InboxServerFrame | null {
  const result = inboxServerFrame.safeParse(data);
  return result.success ? result.data : null;
}

/** When a conversation last had activity of any kind: lists sort on it, newest first. */
export function activityAt(c: ConversationSummary): string {
  return c.lastActivityAt;
}

/**
 * A summary from a room frame or a status/assign answer does not carry the agents'-view fields —
 * the labels and the priority (only agents' REST reads and the inbox's pushes do): keep the ones
 * already known. (Named for the labels, the first of them; its callers need the priority kept too.)
 */
export function keepLabels(next: ConversationSummary, previous: ConversationSummary | undefined): ConversationSummary {
  if (!previous) return next;
  let kept = next;
  if (next.labelIds === undefined && previous.labelIds !== undefined) kept = { ...kept, labelIds: previous.labelIds };
  if (next.priority === undefined && previous.priority !== undefined) kept = { ...kept, priority: previous.priority };
  return kept;
}
