// REST shape of a project's conversation settings (/api/projects/:projectId/conversation-settings):
// auto-assignment and what attachments the project accepts.
import { z } from 'zod';
import { UNSEEN_REPLY_DELAY } from '../notifications.ts';

/** Content types the upload route can recognise from the bytes (worker/conversations/sniff.ts). */
export const SNIFFABLE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'text/plain',
] as const;

/** What a project accepts until a Manager says otherwise: 10 MB of images, PDF and Office documents. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_ATTACHMENT_TYPES: readonly (typeof SNIFFABLE_TYPES)[number][] = SNIFFABLE_TYPES.filter(
  (t) => t !== 'text/plain',
);

/** The attachment limits both composers explain before an upload starts (the server enforces them). */
export const attachmentLimits = z.object({ maxBytes: z.number().int(), types: z.array(z.string()) });
export type AttachmentLimits = z.infer<typeof attachmentLimits>;

/** The hard ceiling a project may raise its limit to (the Worker buffers an upload in memory). */
export const ATTACHMENT_MAX_BYTES_CEILING = 25 * 1024 * 1024;

/** The longest retention period a project may set for its resolved conversations (ten years). */
export const RETENTION_DAYS_MAX = 3650;

/** The longest deletion window a project may give authors (a week, in minutes). */
export const DELETE_WINDOW_MINUTES_MAX = 7 * 24 * 60;

/** What a Manager saves (all fields but the retention period, which is kept when not sent) and what every member reads. */
export const conversationSettings = z.object({
  autoAssign: z.enum(['off', 'round_robin']),
  /** An agent's public reply to an unassigned conversation assigns it to them; absent keeps it (default false). */
  assignOnReply: z.boolean().optional(),
  attachmentMaxBytes: z.number().int().min(1024).max(ATTACHMENT_MAX_BYTES_CEILING),
  attachmentTypes: z.array(z.enum(SNIFFABLE_TYPES)).max(SNIFFABLE_TYPES.length),
  /**
   * Retention: resolved conversations untouched for this many days are erased by the cron (with
   * `conversation.erased`, reason `retention`); null turns it off (the default); absent keeps it.
   */
  resolvedRetentionDays: z.number().int().min(1).max(RETENTION_DAYS_MAX).nullable().optional(),
  /**
   * Email the visitor the agents' replies they have not seen after this many seconds (one email for
   * all of them; docs/EMAIL.md); null turns it off; absent keeps it (default 180).
   */
  unseenReplyEmailDelaySeconds: z
    .number()
    .int()
    .min(UNSEEN_REPLY_DELAY.min)
    .max(UNSEEN_REPLY_DELAY.max)
    .nullable()
    .optional(),
  /**
   * How long after sending an author (visitor or agent) may delete their own message, in minutes;
   * 0: never. Agents may always delete a visitor's message. Absent keeps it (default 15).
   */
  messageDeleteWindowMinutes: z.number().int().min(0).max(DELETE_WINDOW_MINUTES_MAX).optional(),
});

/** Stored settings may predate a type being dropped from the list, so reads are plain strings. */
export const conversationSettingsView = z.object({
  settings: z.object({
    autoAssign: z.enum(['off', 'round_robin']),
    /** An agent's public reply to an unassigned conversation assigns it to them. */
    assignOnReply: z.boolean(),
    attachmentMaxBytes: z.number().int(),
    attachmentTypes: z.array(z.string()),
    /** Null: resolved conversations are kept. */
    resolvedRetentionDays: z.number().int().nullable(),
    /** Null: no email about unseen replies. */
    unseenReplyEmailDelaySeconds: z.number().int().nullable(),
    /** Minutes an author may delete their own message; 0: never. */
    messageDeleteWindowMinutes: z.number().int(),
  }),
});
