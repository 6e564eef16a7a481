// REST shapes of the agents' conversation API (/api/projects/:projectId/conversations): the list,
// search and message-page queries, status, assignment, send and read-mark bodies, and the answers.
// Conversations and messages travel in the protocol's own forms (contract/frames.ts).
import { z } from 'zod';
import { conversationPriority, conversationStatus } from '../enums.ts';
import { conversationSummary, LIMITS, mentions, message, messageDeletion } from '../frames.ts';
import { text } from '../text.ts';
import { LABELS_PER_CONVERSATION_MAX } from './labels.ts';

/** The sender's idempotency key: a retry with the same one is the same message. */
export const clientId = text().min(1).max(LIMITS.clientIdMax);

/** Query flags arrive as text; only the two spellings a client would send are accepted. */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const cursor = text().max(500).optional().describe('The nextCursor of the previous page');
const pageLimit = z.coerce.number().int().min(1).max(100).default(25);

/** GET …/conversations: `status` is a comma-separated list; `unassigned`, `mine` and `assignee` exclude each other. */
export const conversationListQuery = z.object({
  status: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(conversationStatus))
    .optional()
    .describe('Comma-separated statuses, e.g. open,pending'),
  assignee: z.uuid().optional().describe("Only this agent's conversations"),
  unassigned: flag.optional().describe('Only conversations nobody is assigned'),
  mine: flag.optional().describe("Only the caller's conversations"),
  label: z.uuid().optional().describe("Only conversations carrying this label (404 when it is not the project's)"),
  mentioned: flag.optional().describe('Only conversations with a private note that mentions the caller'),
  priority: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.enum([...conversationPriority.options, 'none'])))
    .optional()
    .describe('Comma-separated priorities, e.g. urgent,high (`none`: no priority set)'),
  cursor,
  limit: pageLimit,
});

export const conversationPage = z.object({
  conversations: z.array(conversationSummary),
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type ConversationPage = z.infer<typeof conversationPage>;

/** GET …/conversations/search: full-text search over message bodies. */
export const conversationSearchQuery = z.object({
  q: text().trim().min(1).max(200),
  label: z.uuid().optional().describe('Only messages of conversations carrying this label'),
  cursor,
  limit: pageLimit,
});

export const conversationSearchResults = z.object({
  results: z.array(z.object({ conversationId: z.string(), message })),
  nextCursor: z.string().nullable(),
});

/** A page of a conversation's messages by seq: after `afterSeq`, or before `beforeSeq` (older history). */
export const messagePageQuery = z.object({
  afterSeq: z.coerce.number().int().nonnegative().optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const conversationWithMessages = z.object({
  conversation: conversationSummary,
  messages: z.array(message),
  /** More messages exist beyond this page in the direction asked for. */
  more: z.boolean(),
});

const statusFields = { status: conversationStatus, snoozedUntil: z.iso.datetime({ offset: true }).optional() };
const snoozeRules = <T extends z.ZodType<{ status: string; snoozedUntil?: string | undefined }>>(schema: T) =>
  schema
    .refine((b) => b.status !== 'snoozed' || b.snoozedUntil !== undefined, {
      message: 'snoozedUntil is required to snooze',
      path: ['snoozedUntil'],
    })
    .refine((b) => b.snoozedUntil === undefined || new Date(b.snoozedUntil).getTime() > Date.now(), {
      message: 'snoozedUntil must be in the future',
      path: ['snoozedUntil'],
    });

export const statusChange = snoozeRules(z.object(statusFields));

/** PUT …/conversations/:id/priority: `null` clears it. */
export const priorityChange = z.object({ priority: conversationPriority.nullable() });

/** `null` unassigns. */
export const assignment = z.object({ assigneeId: z.uuid().nullable() });

/** Conversations one bulk change may name. */
export const BULK_MAX = 100;

/**
 * POST …/conversations/bulk: one change to many conversations (the inbox's selection). Checked
 * whole before anything changes (a conversation, assignee or label that is not the project's is
 * refused with nothing changed); then each conversation changes on its own, as its single route
 * would, and the answer says how each went.
 */
export const bulkChange = z.object({
  conversationIds: z.array(z.uuid()).min(1).max(BULK_MAX),
  action: z.discriminatedUnion('kind', [
    snoozeRules(z.object({ kind: z.literal('status'), ...statusFields })),
    z.object({ kind: z.literal('assign'), assigneeId: z.uuid().nullable() }),
    z.object({ kind: z.literal('priority'), priority: conversationPriority.nullable() }),
    z.object({
      kind: z.literal('labels'),
      op: z.enum(['add', 'remove']),
      labelIds: z.array(z.uuid()).min(1).max(LABELS_PER_CONVERSATION_MAX),
    }),
  ]),
});
export type BulkChange = z.infer<typeof bulkChange>;

export const bulkResult = z.object({
  /** One per conversation named, in the order named (a repeated id once). */
  results: z.array(
    z.object({
      conversationId: z.string(),
      ok: z.boolean(),
      /** Why this one did not change (e.g. `unavailable`, `too_many_labels`); absent when ok. */
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
  /** The conversations as they are after the change (all of them, the failed ones too), with their labels. */
  conversations: z.array(conversationSummary),
});
export type BulkResult = z.infer<typeof bulkResult>;

/** The conversation after a status change or an assignment. */
export const conversationChanged = z.object({ conversation: conversationSummary });

export const agentSend = z.object({
  clientId,
  body: text().min(1).max(LIMITS.bodyMax),
  /** A private note: only agents ever see it. */
  private: z.boolean().optional(),
  /** A private note's mentioned teammates, by user id (contract/frames.ts `mentions`). */
  mentions: mentions.optional(),
});

/** What a send answers: 201 for a new message, 200 with `duplicate: true` for a retry of one. */
export const sendAck = z.object({
  seq: z.number().int().positive(),
  messageId: z.string(),
  createdAt: z.string(),
  duplicate: z.boolean(),
});

/** Everything up to `seq` has been read; answered with the read mark now in effect. */
export const readMark = z.object({ seq: z.number().int().nonnegative() });

/** DELETE …/messages/{messageId}: the deletion, as the room broadcast it in its `deleted` frame. */
export const messageDeleted = z.object({ deletion: messageDeletion });
