// The one wire protocol: every WebSocket frame in both directions, as zod schemas discriminated
// on `type`. The ConversationRoom and ProjectInbox DOs, the widget (types only) and the dashboard
// all import this module; docs/PROTOCOL.md describes it for third-party clients.
import { z } from 'zod';
import { availability } from './availability.ts';
import { authorKind, conversationPriority, conversationStatus, participantKind } from './enums.ts';
import { conversationRating, ratingComment, ratingValue } from './ratings.ts';
import { text } from './text.ts';

/** Limits every side enforces; the DO is the authority. */
export const LIMITS = {
  /** Length of a message body in UTF-16 code units (JavaScript's `length`: an emoji counts 2). */
  bodyMax: 4000,
  /** Bytes of one incoming frame. */
  frameMax: 16 * 1024,
  /** Client message id length, in UTF-16 code units too. */
  clientIdMax: 64,
  /** Teammates one private note may mention. */
  mentionsMax: 20,
} as const;

/**
 * The teammates a private note mentions (@name), by user id: each is told (their dashboard, or an
 * email when away) and finds the conversation under Mentions. Agents only, private notes only; ids
 * that are not members of the project when the note is committed are dropped.
 */
export const mentions = z.array(z.uuid()).max(LIMITS.mentionsMax);

export const author = z.object({
  kind: authorKind,
  /** Visitor id or agent (user) id; absent for system messages. */
  id: z.string().optional(),
  name: z.string().optional(),
  avatarUrl: z.string().optional(),
});
export type Author = z.infer<typeof author>;

export const attachment = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  /** Authorised download URL (short-lived or routed through the Worker). */
  url: z.string(),
});

export const message = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int().positive(),
  clientId: z.string().nullable(),
  author,
  body: z.string(),
  /** Private notes: only agents ever receive them. */
  private: z.boolean(),
  attachment: attachment.nullable(),
  createdAt: z.string(),
  /** A private note's mentioned teammates (user ids, members when it was committed); absent: none. */
  mentions: z.array(z.string()).optional(),
  /**
   * Set when the message was deleted: `body` is empty and `attachment` null, and clients show a
   * tombstone ("This message was deleted") in its place. Absent or null: not deleted.
   */
  deletedAt: z.string().nullable().optional(),
});
export type Message = z.infer<typeof message>;

/** What the inbox shows as the last message when that message was deleted. */
export const DELETED_MESSAGE_PREVIEW = 'This message was deleted';

export const conversationSummary = z.object({
  id: z.string(),
  projectId: z.string(),
  status: conversationStatus,
  snoozedUntil: z.string().nullable(),
  assigneeId: z.string().nullable(),
  visitor: z.object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    verified: z.boolean(),
  }),
  /** Newest activity of any kind (messages, notes); lists sort on it. */
  lastActivityAt: z.string(),
  lastMessageAt: z.string().nullable(),
  lastMessagePreview: z.string().nullable(),
  lastSeq: z.number().int().nonnegative(),
  unreadByAgent: z.number().int().nonnegative(),
  unreadByVisitor: z.number().int().nonnegative(),
  createdAt: z.string(),
  /**
   * The row's revision, bumped by every change: of two copies of one conversation (a list fetched
   * over REST, a live push), the one with the higher revision is the newer.
   */
  revision: z.number().int().nonnegative(),
  /**
   * When the current resolution happened: set while `status` is `resolved`, null otherwise (absent
   * from older servers). A rating names the resolution it rates by this time.
   */
  resolvedAt: z.string().nullable().optional(),
  /**
   * The conversation's label ids (the whole set). Agents' views only — REST and the inbox's pushes
   * after a label change; absent from room frames and from anything a visitor gets, where it means
   * "not told", never "no labels".
   */
  labelIds: z.array(z.string()).optional(),
  /**
   * urgent, high, medium, low, or null for none. Agents' views only, like `labelIds`: absent from
   * room frames and from anything a visitor gets, where it means "not told".
   */
  priority: conversationPriority.nullable().optional(),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

const clientId = text().min(1).max(LIMITS.clientIdMax);

/** A message's deletion, as the `deleted` frame, the REST answer and the event say it. */
export const messageDeletion = z.object({
  conversationId: z.string(),
  messageId: z.string(),
  seq: z.number().int().positive(),
  deletedAt: z.string(),
  /** Who deleted it: the author, or an agent deleting a visitor's message. */
  by: z.object({ kind: participantKind, id: z.string() }),
});
export type MessageDeletion = z.infer<typeof messageDeletion>;

/** Frames a client sends to its ConversationRoom. */
export const roomClientFrame = z.discriminatedUnion('type', [
  /** Resume: everything after `lastSeq` is replayed in order, then live messages follow. */
  z.object({ type: z.literal('resume'), lastSeq: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('send'),
    clientId,
    body: text().min(1).max(LIMITS.bodyMax),
    /** Agents only: a private note. */
    private: z.boolean().optional(),
    /** Agents' private notes only: the teammates it mentions (`mentions`). */
    mentions: mentions.optional(),
  }),
  /** `private`: an agent typing a private note; only other agents see it. */
  z.object({ type: z.literal('typing'), on: z.boolean(), private: z.boolean().optional() }),
  z.object({ type: z.literal('read'), seq: z.number().int().nonnegative() }),
  /**
   * Delete a message: an author their own within the project's window, an agent any visitor's.
   * Answered by a `deleted` broadcast (to every socket, the sender's too) or an `error` with `messageId`.
   */
  z.object({ type: z.literal('delete'), messageId: text().min(1).max(LIMITS.clientIdMax) }),
  /**
   * Visitors only: rate the conversation's current resolution (CSAT), with an optional comment.
   * Sent again within 24 h it changes the rating. Answered by a `rating` broadcast or an `error`
   * (`not_resolved`, `rating_closed`, `csat_off`, `forbidden`).
   */
  z.object({ type: z.literal('rate'), rating: ratingValue, comment: ratingComment.nullable().optional() }),
  z.object({ type: z.literal('ping') }),
]);
export type RoomClientFrame = z.infer<typeof roomClientFrame>;

/**
 * Close codes the server ends a socket with when the authority it was opened with ends (docs/PROTOCOL.md §6).
 * Reconnecting with the same credentials is refused; a client signs in again (or stops).
 */
export const CLOSE_CODES = {
  /** The agent's session ended (sign-out, revocation, password change or reset): reconnect with a fresh token, if any. */
  authorityRevoked: 4401,
  /**
   * No longer allowed here: the agent was removed or 2FA is now required and they have none, or the
   * visitor was blocked. Final: clients stop reconnecting (realtime-client does).
   */
  notMember: 4403,
} as const;

export const errorCode = z.enum([
  'bad_frame',
  'frame_too_large',
  'invalid_message',
  'rate_limited',
  'slow_down',
  'forbidden',
  'conversation_closed',
  'internal',
  /** The conversation does not exist (or is not this caller's). */
  'not_found',
  /** The project requires a verified identity and this visitor has none. */
  'identity_required',
  /** Postgres could not be reached; nothing was committed — retry with the same clientId. */
  'unavailable',
  /** A committed clientId sent again with another body or privacy: a retry must repeat the message. */
  'client_id_reused',
  /** A `delete` of a message that is already deleted. */
  'already_deleted',
  /** A `delete` by the message's author after the project's deletion window (or with deletion off). */
  'delete_window_passed',
  /** A `rate` while the conversation is not resolved (or the link names an earlier resolution). */
  'not_resolved',
  /** A `rate` that changes a rating given more than 24 h ago. */
  'rating_closed',
  /** A `rate` in a project whose Manager switched CSAT off. */
  'csat_off',
]);
export type ErrorCode = z.infer<typeof errorCode>;

/** Frames a ConversationRoom sends to its clients. */
export const roomServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    conversationId: z.string(),
    role: participantKind,
    /** Highest seq committed in the conversation when the socket was accepted. */
    lastSeq: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('message'), message }),
  /** A message was deleted: clients replace it with a tombstone. Private notes: agents only. */
  z.object({ type: z.literal('deleted'), deletion: messageDeletion }),
  z.object({
    type: z.literal('ack'),
    clientId: z.string(),
    seq: z.number().int().positive(),
    messageId: z.string(),
    createdAt: z.string(),
  }),
  /** Sent after a resume's replay: every message up to `lastSeq` has been delivered. */
  z.object({ type: z.literal('resumed'), lastSeq: z.number().int().nonnegative() }),
  z.object({ type: z.literal('typing'), author, on: z.boolean() }),
  z.object({ type: z.literal('read'), side: participantKind, seq: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('presence'),
    agents: z.array(z.object({ id: z.string(), name: z.string(), avatarUrl: z.string().optional() })),
  }),
  z.object({ type: z.literal('conversation'), conversation: conversationSummary }),
  /**
   * The conversation's latest rating (CSAT): after the welcome when it has one, and to every socket
   * each time the visitor rates. Its `resolvedAt` says which resolution it rates.
   */
  z.object({ type: z.literal('rating'), rating: conversationRating }),
  /**
   * Visitors only: whether the project is available or away (business hours × agents online ×
   * force away), after the welcome and again each time it changes (docs/PROTOCOL.md).
   */
  z.object({ type: z.literal('availability'), availability }),
  z.object({
    type: z.literal('error'),
    code: errorCode,
    message: z.string(),
    /** Set when the error answers a `send`. */
    clientId: z.string().optional(),
    /** Set when the error answers a `delete`. */
    messageId: z.string().optional(),
    /** For rate_limited / slow_down: when to retry. */
    retryAfterMs: z.number().int().nonnegative().optional(),
  }),
  z.object({ type: z.literal('pong') }),
]);
export type RoomServerFrame = z.infer<typeof roomServerFrame>;

export const presenceStatus = z.enum(['online', 'away']);

/** Frames a dashboard sends to its ProjectInbox. */
export const inboxClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('presence'), status: presenceStatus }),
  z.object({ type: z.literal('ping') }),
]);
export type InboxClientFrame = z.infer<typeof inboxClientFrame>;

/** Frames a ProjectInbox sends to dashboards. */
export const inboxServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), projectId: z.string() }),
  z.object({ type: z.literal('conversation.created'), conversation: conversationSummary }),
  z.object({ type: z.literal('conversation.updated'), conversation: conversationSummary }),
  z.object({ type: z.literal('conversation.assigned'), conversation: conversationSummary }),
  z.object({
    type: z.literal('unread'),
    /** Conversations with unread visitor messages, per filter the dashboard shows. */
    counts: z.object({ mine: z.number().int(), unassigned: z.number().int(), all: z.number().int() }),
  }),
  z.object({
    type: z.literal('presence'),
    agents: z.array(z.object({ id: z.string(), name: z.string(), status: presenceStatus })),
  }),
  /**
   * To the mentioned agent's own sockets only: a teammate mentioned them in a private note. May come
   * twice for one note (an event redelivered): `messageId` tells them apart.
   */
  z.object({
    type: z.literal('mention'),
    conversationId: z.string(),
    messageId: z.string(),
    seq: z.number().int().positive(),
    by: z.object({ id: z.string(), name: z.string().optional() }),
    /** The note's text, cut to the inbox preview's length. */
    preview: z.string(),
  }),
  z.object({ type: z.literal('error'), code: errorCode, message: z.string() }),
  z.object({ type: z.literal('pong') }),
]);
export type InboxServerFrame = z.infer<typeof inboxServerFrame>;
