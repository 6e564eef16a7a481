// Pure helpers of the data lifecycle screens: dropping erased conversations from a cached inbox
// list, the settings bodies that change one thing and keep the rest, and how an export's state reads.

import type { z } from 'zod';
import { type conversationSettings, SNIFFABLE_TYPES } from '../../../../../contract/rest/conversation-settings.ts';
import type { DataExport } from '../../../../../contract/rest/privacy.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import type { PagedList } from '../../inbox/utils/list-cache.ts';

/** The list without the conversations `erased` picks (an erased visitor's, or one conversation). */
export function withoutConversations(
  list: PagedList | undefined,
  erased: (c: ConversationSummary) => boolean,
): PagedList | undefined {
  if (!list) return list;
  return {
    ...list,
    pages: list.pages.map((page) => ({ ...page, conversations: page.conversations.filter((c) => !erased(c)) })),
  };
}

export interface StoredConversationSettings {
  autoAssign: 'off' | 'round_robin';
  assignOnReply?: boolean;
  attachmentMaxBytes: number;
  attachmentTypes: string[];
}

type ConversationSettingsInput = z.infer<typeof conversationSettings>;
type SniffableType = (typeof SNIFFABLE_TYPES)[number];
const isSniffable = (t: string): t is SniffableType => (SNIFFABLE_TYPES as readonly string[]).includes(t);

/** What a PUT may change beside the fields every body carries (absent: the server keeps it). */
export type SettingsChange = Partial<Omit<ConversationSettingsInput, 'attachmentTypes'>>;

/**
 * The PUT body that changes what `change` names and keeps everything else: the route replaces
 * auto-assignment and the attachment limits, so they are sent as stored (less any type no longer
 * accepted, which would be refused); every other field left out is kept by the server.
 */
export function settingsUpdate(current: StoredConversationSettings, change: SettingsChange) {
  return {
    autoAssign: current.autoAssign,
    attachmentMaxBytes: current.attachmentMaxBytes,
    attachmentTypes: current.attachmentTypes.filter(isSniffable),
    ...change,
  };
}

/** The PUT body that changes the retention period and keeps everything else. */
export const retentionUpdate = (current: StoredConversationSettings, days: number | null) =>
  settingsUpdate(current, { resolvedRetentionDays: days });

/** How new conversations find an agent: round robin, and by an agent's first public reply. */
export type AssignmentChange = Pick<SettingsChange, 'autoAssign' | 'assignOnReply'>;

/** The PUT body that changes only assignment. */
export const assignmentUpdate = (current: StoredConversationSettings, change: AssignmentChange) =>
  settingsUpdate(current, change);

/** The PUT body that changes only the message deletion window. */
export const deleteWindowUpdate = (current: StoredConversationSettings, minutes: number) =>
  settingsUpdate(current, { messageDeleteWindowMinutes: minutes });

/** "1.2 MB" for an archive's size. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** How a row of the export list describes its state. */
export function exportStatusText(e: Pick<DataExport, 'status' | 'error' | 'size'>): string {
  if (e.status === 'pending') return 'Being prepared…';
  if (e.status === 'failed') return e.error === 'too_large' ? 'Failed: too large to export' : 'Failed';
  return e.size === null ? 'Ready' : `Ready · ${formatBytes(e.size)}`;
}

/** Whether any export is still being built (the list polls meanwhile). */
export const anyPending = (exports: readonly Pick<DataExport, 'status'>[]) =>
  exports.some((e) => e.status === 'pending');
