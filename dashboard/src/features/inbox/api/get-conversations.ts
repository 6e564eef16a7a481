// GET /api/projects/:projectId/conversations: one filtered, keyset-paginated inbox list.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { conversationPage } from '../../../../../contract/rest/conversations.ts';
import { api } from '../../../lib/api-client.ts';
import { type ListFilter, reconcilePage } from '../utils/list-cache.ts';
import { recentPushes } from '../utils/recent-pushes.ts';

const PAGE_SIZE = 30;

export const conversationListsKey = (projectId: string) => ['projects', projectId, 'conversations', 'list'] as const;

export const getConversations = (projectId: string, filter: ListFilter, cursor: string | null) =>
  api.request(`/api/projects/${projectId}/conversations`, conversationPage, {
    query: {
      status: filter.status,
      mine: filter.assignee === 'mine' || undefined,
      unassigned: filter.assignee === 'unassigned' || undefined,
      mentioned: filter.assignee === 'mentions' || undefined,
      label: filter.label ?? undefined,
      priority: filter.priority ?? undefined,
      cursor,
      limit: PAGE_SIZE,
    },
  });

/** One page, with the live pushes that arrived while it was fetched (utils/recent-pushes.ts). */
async function fetchPage(projectId: string, filter: ListFilter, meId: string | null, cursor: string | null) {
  const pushes = recentPushes(projectId);
  const mark = pushes.mark();
  const page = await getConversations(projectId, filter, cursor);
  return reconcilePage(page, pushes.since(mark), filter, meId);
}

export const conversationsQueryOptions = (projectId: string, filter: ListFilter, meId: string | null) =>
  infiniteQueryOptions({
    queryKey: [...conversationListsKey(projectId), filter] as const,
    queryFn: ({ pageParam }) => fetchPage(projectId, filter, meId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export function useConversations(projectId: string, filter: ListFilter, meId: string | null) {
  return useInfiniteQuery(conversationsQueryOptions(projectId, filter, meId));
}
