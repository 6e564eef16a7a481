// A project's conversation settings (auto-assignment, attachment limits), with the defaults a
// project without a row gets. Managers change them through /api/projects/:projectId/conversation-settings.
import { eq } from 'drizzle-orm';
import { UNSEEN_REPLY_DELAY } from '../../contract/notifications.ts';
import { DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENT_TYPES } from '../../contract/rest/conversation-settings.ts';
import { DEFAULT_DELETE_WINDOW_MINUTES } from '../../core/conversations/deletion.ts';
import type { Db } from '../../core/platform/db.ts';
import { conversationSettings } from '../../drizzle/schema/conversations.ts';

export interface ConversationSettings {
  autoAssign: 'off' | 'round_robin';
  /** An agent's public reply to an unassigned conversation assigns it to them (the room does it). */
  assignOnReply: boolean;
  attachmentMaxBytes: number;
  attachmentTypes: string[];
  /** Retention of resolved conversations in days (worker/operations/retention.ts); null = kept. */
  resolvedRetentionDays: number | null;
  /** Seconds before unseen agent replies are emailed to the visitor (worker/notifications/); null = off. */
  unseenReplyEmailDelaySeconds: number | null;
  /** Minutes an author may delete their own message (core/conversations/deletion.ts); 0 = never. */
  messageDeleteWindowMinutes: number;
}

export const DEFAULT_SETTINGS: ConversationSettings = {
  autoAssign: 'off',
  assignOnReply: false,
  attachmentMaxBytes: DEFAULT_ATTACHMENT_MAX_BYTES,
  attachmentTypes: [...DEFAULT_ATTACHMENT_TYPES],
  resolvedRetentionDays: null,
  unseenReplyEmailDelaySeconds: UNSEEN_REPLY_DELAY.default,
  messageDeleteWindowMinutes: DEFAULT_DELETE_WINDOW_MINUTES,
};

export async function loadSettings(db: Db, projectId: string): Promise<ConversationSettings> {
  const rows = await db
    .select({
      autoAssign: conversationSettings.autoAssign,
      assignOnReply: conversationSettings.assignOnReply,
      attachmentMaxBytes: conversationSettings.attachmentMaxBytes,
      attachmentTypes: conversationSettings.attachmentTypes,
      resolvedRetentionDays: conversationSettings.resolvedRetentionDays,
      unseenReplyEmailDelaySeconds: conversationSettings.unseenReplyEmailDelaySeconds,
      messageDeleteWindowMinutes: conversationSettings.messageDeleteWindowMinutes,
    })
    .from(conversationSettings)
    .where(eq(conversationSettings.projectId, projectId))
    .limit(1);
  return rows[0] ?? { ...DEFAULT_SETTINGS };
}

/**
 * Saves what is given. The optional fields (retention period, email delay, deletion window, reply
 * assignment) left undefined keep the stored value: drizzle leaves an undefined value out of the
 * update's SET, and gives a new row the column's default for it.
 */
export async function saveSettings(
  db: Db,
  projectId: string,
  settings: Omit<
    ConversationSettings,
    'resolvedRetentionDays' | 'unseenReplyEmailDelaySeconds' | 'messageDeleteWindowMinutes' | 'assignOnReply'
  > & {
    resolvedRetentionDays?: number | null | undefined;
    unseenReplyEmailDelaySeconds?: number | null | undefined;
    messageDeleteWindowMinutes?: number | undefined;
    assignOnReply?: boolean | undefined;
  },
): Promise<void> {
  await db
    .insert(conversationSettings)
    .values({ projectId, ...settings })
    .onConflictDoUpdate({ target: conversationSettings.projectId, set: { ...settings, updatedAt: new Date() } });
}
