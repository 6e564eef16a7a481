// The vocabulary every side shares: conversation statuses, member roles, who wrote a message.
// Postgres enums (drizzle/schema), REST schemas, frames, the dashboard and the widget's types all
// take their values from here, so a new value is added once.
import { z } from 'zod';

export const CONVERSATION_STATUSES = ['open', 'pending', 'resolved', 'snoozed'] as const;
export const conversationStatus = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof conversationStatus>;

/** Manager: settings, members and secrets as well as conversations. Agent: conversations. */
/** A conversation's priority, most pressing first; none (null) is below them all. */
export const CONVERSATION_PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
export const conversationPriority = z.enum(CONVERSATION_PRIORITIES);
export type ConversationPriority = z.infer<typeof conversationPriority>;

export const ROLES = ['manager', 'agent'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

/** An agent's dashboard colour scheme: follow the system's, or always light or dark. */
export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
export const themePreference = z.enum(THEME_PREFERENCES);
export type ThemePreference = z.infer<typeof themePreference>;

export const AUTHOR_KINDS = ['visitor', 'agent', 'system'] as const;
export const authorKind = z.enum(AUTHOR_KINDS);
export type AuthorKind = z.infer<typeof authorKind>;

/** Who is on a socket or reads a conversation: the two human sides. */
export const participantKind = z.enum(['visitor', 'agent']);
export type ParticipantKind = z.infer<typeof participantKind>;

/**
 * Why a webhook delivery attempt failed, as the delivery log shows it: a class, never the network's
 * error text (which would make the log a port scanner).
 */
export const WEBHOOK_FAILURES = [
  'timeout',
  'connection_failed',
  'refused_address',
  'http_error',
  'endpoint_disabled',
] as const;
export const webhookFailure = z.enum(WEBHOOK_FAILURES);
export type WebhookFailure = z.infer<typeof webhookFailure>;
