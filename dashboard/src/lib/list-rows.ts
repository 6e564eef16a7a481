// One conversation's fields written into the rows of every cached inbox list, by the lists' key
// prefix (the inbox feature's): for a feature that changed them (labels, priority) and cannot reach
// the inbox's own cache code. The next push re-sorts and re-filters the lists.
import type { QueryClient } from '@tanstack/react-query';
import type { ConversationSummary } from './protocol.ts';

type Pages = { pages: { conversations: ConversationSummary[] }[] };

export function patchListedConversation(
  queryClient: QueryClient,
  projectId: string,
  conversationId: string,
  patch: Partial<ConversationSummary>,
): void {
  for (const [key, data] of queryClient.getQueriesData<Pages>({
    queryKey: ['projects', projectId, 'conversations', 'list'],
  })) {
    if (!data?.pages) continue;
    queryClient.setQueryData<Pages>(key, {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        conversations: page.conversations.map((c) => (c.id === conversationId ? { ...c, ...patch } : c)),
      })),
    });
  }
}
