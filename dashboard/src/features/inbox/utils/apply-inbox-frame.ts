// Writes one ProjectInbox frame into the query cache: conversation changes into every cached list
// (each with its own filter), unread counters and presence into their own entries; a mention of
// me refetches the Mentions lists (only the server knows which conversations mention me).
import type { QueryClient } from '@tanstack/react-query';
import type { ConversationSummary, InboxServerFrame } from '../../../lib/protocol.ts';
import { anyConversationKey } from '../api/get-any-conversation.ts';
import type { UnreadCounts } from '../api/get-unread-counts.ts';
import { type ListFilter, type PagedList, upsertConversation } from './list-cache.ts';
import { recentPushes } from './recent-pushes.ts';

export const listsKey = (projectId: string) => ['projects', projectId, 'conversations', 'list'] as const;

function isListFilter(value: unknown): value is ListFilter {
  return typeof value === 'object' && value !== null && 'assignee' in value && 'status' in value;
}

/**
 * One conversation as it is now, into every cached list of the project (each with its own filter):
 * a live push, or a bulk change's answer. Remembered as a push, so a list fetch in flight does not
 * bring back an older copy.
 */
export function putConversation(
  queryClient: QueryClient,
  projectId: string,
  meId: string | null,
  conversation: ConversationSummary,
): void {
  recentPushes(projectId).remember(conversation);
  queryClient.setQueryData(anyConversationKey(projectId), true);
  for (const [key, data] of queryClient.getQueriesData<PagedList>({ queryKey: listsKey(projectId) })) {
    const filter = key[4];
    if (!data || !isListFilter(filter)) continue;
    queryClient.setQueryData<PagedList>(key, upsertConversation(data, conversation, filter, meId));
  }
}

export function applyInboxFrame(
  queryClient: QueryClient,
  projectId: string,
  meId: string | null,
  frame: InboxServerFrame,
): void {
  switch (frame.type) {
    case 'conversation.created':
    case 'conversation.updated':
    case 'conversation.assigned': {
      const { conversation } = frame;
      if (conversation.projectId !== projectId) return;
      putConversation(queryClient, projectId, meId, conversation);
      // The open conversation learns its labels and its visitor's name and email here (its room's
      // frames carry neither): a visitor who fills the pre-chat form is named in the header at once.
      const { labelIds, priority, visitor } = conversation;
      // Its priority too (room frames do not carry it), when the push tells it.
      const told = { ...(labelIds ? { labelIds } : {}), ...(priority !== undefined ? { priority } : {}) };
      queryClient.setQueryData<{ conversation: ConversationSummary }>(
        ['projects', projectId, 'conversations', 'detail', conversation.id],
        (thread) => (thread ? { ...thread, conversation: { ...thread.conversation, visitor, ...told } } : thread),
      );
      return;
    }
    case 'unread': {
      const counts: UnreadCounts = frame.counts;
      queryClient.setQueryData(['projects', projectId, 'unread'], counts);
      return;
    }
    case 'presence':
      queryClient.setQueryData(['projects', projectId, 'presence'], frame.agents);
      return;
    case 'mention':
      void queryClient.invalidateQueries({
        queryKey: listsKey(projectId),
        predicate: (query) => {
          const filter = query.queryKey[4];
          return isListFilter(filter) && filter.assignee === 'mentions';
        },
      });
      return;
    default:
      return;
  }
}
