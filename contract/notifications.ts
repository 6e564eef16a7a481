// Email notifications' kinds and the key of one delayed, batched notification (what the Queue's
// `notification.due` message carries): a recipient, a conversation and what they are told about.
import { z } from 'zod';

export const NOTIFICATION_KINDS = ['visitor_unseen_replies', 'agent_activity'] as const;
export const notificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKind>;

export const notificationKey = z.object({
  kind: notificationKind,
  projectId: z.uuid(),
  conversationId: z.uuid(),
  /** The visitor's id (visitor_unseen_replies) or the agent's user id (agent_activity). */
  recipientId: z.uuid(),
});
export type NotificationKey = z.infer<typeof notificationKey>;

/** Bounds of the Manager's "email unseen replies after" setting, in seconds (Queues delay at most 12 h). */
export const UNSEEN_REPLY_DELAY = { min: 10, max: 12 * 3600, default: 180 } as const;
