// REST shape of a project's conversation settings (/api/projects/:projectId/conversation-settings):
// auto-assignment and what attachments the project accepts.
import { z } from 'zod';

/** Content types the upload route can recognise from the bytes (worker/conversations/sniff.ts). */
export const SNIFFABLE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
] as const;

/** The hard ceiling a project may raise its limit to (the Worker buffers an upload in memory). */
export const ATTACHMENT_MAX_BYTES_CEILING = 25 * 1024 * 1024;

/** The longest retention period a project may set for its resolved conversations (ten years). */
export const RETENTION_DAYS_MAX = 3650;

/** The longest deletion window a project may give authors (a week, in minutes). */
export const DELETE_WINDOW_MINUTES_MAX = 7 * 24 * 60;

/** What a Manager saves (all fields but the retention period, which is kept when not sent) and what every member reads. */
export const conversationSettings = z.object({
  autoAssign: z.enum(['off', 'round_robin']),
  attachmentMaxBytes: z.number().int().min(1024).max(ATTACHMENT_MAX_BYTES_CEILING),
  attachmentTypes: z.array(z.enum(SNIFFABLE_TYPES)).max(SNIFFABLE_TYPES.length),
  /**
   * Retention: resolved conversations untouched for this many days are erased by the cron (with
   * `conversation.erased`, reason `retention`); null turns it off (the default); absent keeps it.
   */
  resolvedRetentionDays: z.number().int().min(1).max(RETENTION_DAYS_MAX).nullable().optional(),
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
    attachmentMaxBytes: z.number().int(),
    attachmentTypes: z.array(z.string()),
    /** Null: resolved conversations are kept. */
    resolvedRetentionDays: z.number().int().nullable(),
    /** Minutes an author may delete their own message; 0: never. */
    messageDeleteWindowMinutes: z.number().int(),
  }),
});
