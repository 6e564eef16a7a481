// GET /api/projects/:projectId/conversations: one filtered, keyset-paginated inbox list.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { conversationPage } from '../../../../../contract/rest/conversations.ts';
import { api } from '../../../lib/api-client.ts';
import type { ListFilter } from '../utils/list-cache.ts';

const PAGE_SIZE = 30;

export const conversationListsKey = (projectId: string) => ['projects', projectId, 'conversations', 'list'] as const;

export const getConversations = (projectId: string, filter: ListFilter, cursor: string | null) =>
  api.request(`/api/projects/${projectId}/conversations`, conversationPage, {
    query: {
      status: filter.status,
      mine: filter.assignee === 'mine' || undefined,
      unassigned: filter.assignee === 'unassigned' || undefined,
      label: filter.label ?? undefined,
      cursor,
      limit: PAGE_SIZE,
    },
  });

export const conversationsQueryOptions = (projectId: string, filter: ListFilter) =>
  infiniteQueryOptions({
    queryKey: [...conversationListsKey(projectId), filter] as const,
    queryFn: ({ pageParam }) => getConversations(projectId, filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export function useConversations(projectId: string, filter: ListFilter) {
  return useInfiniteQuery(conversationsQueryOptions(projectId, filter));
}
