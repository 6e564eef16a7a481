// After an erasure: the inbox lists, the thread, the visitor panel and the unread counts forget
// what was erased at once, so nothing erased stays on screen while the lists refetch.
import type { QueryClient } from '@tanstack/react-query';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { threadKey } from '../../conversation/api/get-conversation.ts';
import { conversationListsKey } from '../../inbox/api/get-conversations.ts';
import type { PagedList } from '../../inbox/utils/list-cache.ts';
import { withoutConversations } from '../utils/erasure.ts';

export function forgetConversations(
  queryClient: QueryClient,
  projectId: string,
  erased: (c: ConversationSummary) => boolean,
  conversationIds: readonly string[],
): void {
  queryClient.setQueriesData<PagedList>({ queryKey: conversationListsKey(projectId) }, (list) =>
    withoutConversations(list, erased),
  );
  for (const id of conversationIds) queryClient.removeQueries({ queryKey: threadKey(projectId, id) });
  void queryClient.invalidateQueries({ queryKey: conversationListsKey(projectId) });
  void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'conversations', 'search'] });
  void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'unread'] });
}
