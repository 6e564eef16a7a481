// A project's conversation settings (auto-assignment, attachment limits), with the defaults a
// project without a row gets. Managers change them through /api/projects/:projectId/conversation-settings.
import { eq } from 'drizzle-orm';
import { DEFAULT_DELETE_WINDOW_MINUTES } from '../../core/conversations/deletion.ts';
import type { Db } from '../../core/platform/db.ts';
import { conversationSettings } from '../../drizzle/schema/conversations.ts';

export interface ConversationSettings {
  autoAssign: 'off' | 'round_robin';
  attachmentMaxBytes: number;
  attachmentTypes: string[];
  /** Retention of resolved conversations in days (worker/operations/retention.ts); null = kept. */
  resolvedRetentionDays: number | null;
  /** Minutes an author may delete their own message (core/conversations/deletion.ts); 0 = never. */
  messageDeleteWindowMinutes: number;
}

export const DEFAULT_SETTINGS: ConversationSettings = {
  autoAssign: 'off',
  attachmentMaxBytes: 10 * 1024 * 1024,
  attachmentTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'],
  resolvedRetentionDays: null,
  messageDeleteWindowMinutes: DEFAULT_DELETE_WINDOW_MINUTES,
};

export async function loadSettings(db: Db, projectId: string): Promise<ConversationSettings> {
  const rows = await db
    .select({
      autoAssign: conversationSettings.autoAssign,
      attachmentMaxBytes: conversationSettings.attachmentMaxBytes,
      attachmentTypes: conversationSettings.attachmentTypes,
      resolvedRetentionDays: conversationSettings.resolvedRetentionDays,
      messageDeleteWindowMinutes: conversationSettings.messageDeleteWindowMinutes,
    })
    .from(conversationSettings)
    .where(eq(conversationSettings.projectId, projectId))
    .limit(1);
  return rows[0] ?? { ...DEFAULT_SETTINGS };
}

/** Saves what is given; a retention period or deletion window not given (undefined) keeps the stored one. */
export async function saveSettings(
  db: Db,
  projectId: string,
  settings: Omit<ConversationSettings, 'resolvedRetentionDays' | 'messageDeleteWindowMinutes'> & {
    resolvedRetentionDays?: number | null | undefined;
    messageDeleteWindowMinutes?: number | undefined;
  },
): Promise<void> {
  const { resolvedRetentionDays, messageDeleteWindowMinutes, ...rest } = settings;
  const values = {
    ...rest,
    ...(resolvedRetentionDays === undefined ? {} : { resolvedRetentionDays }),
    ...(messageDeleteWindowMinutes === undefined ? {} : { messageDeleteWindowMinutes }),
  };
  await db
    .insert(conversationSettings)
    .values({ projectId, ...values })
    .onConflictDoUpdate({ target: conversationSettings.projectId, set: { ...values, updatedAt: new Date() } });
}
