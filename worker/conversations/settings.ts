// A project's conversation settings (auto-assignment, attachment limits), with the defaults a
// project without a row gets. Managers change them through /api/projects/:projectId/conversation-settings.
import { eq } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { conversationSettings } from '../../drizzle/schema/conversations.ts';

export interface ConversationSettings {
  autoAssign: 'off' | 'round_robin';
  attachmentMaxBytes: number;
  attachmentTypes: string[];
}

export const DEFAULT_SETTINGS: ConversationSettings = {
  autoAssign: 'off',
  attachmentMaxBytes: 10 * 1024 * 1024,
  attachmentTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'],
};

export async function loadSettings(db: Db, projectId: string): Promise<ConversationSettings> {
  const rows = await db
    .select({
      autoAssign: conversationSettings.autoAssign,
      attachmentMaxBytes: conversationSettings.attachmentMaxBytes,
      attachmentTypes: conversationSettings.attachmentTypes,
    })
    .from(conversationSettings)
    .where(eq(conversationSettings.projectId, projectId))
    .limit(1);
  return rows[0] ?? { ...DEFAULT_SETTINGS };
}

export async function saveSettings(db: Db, projectId: string, settings: ConversationSettings): Promise<void> {
  await db
    .insert(conversationSettings)
    .values({ projectId, ...settings })
    .onConflictDoUpdate({ target: conversationSettings.projectId, set: { ...settings, updatedAt: new Date() } });
}
