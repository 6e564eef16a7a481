// The unread counters per filter (conversations with unread visitor messages). The ProjectInbox
// socket pushes them (`unread` frames); until the first frame they are derived from nothing, so
// the query starts empty and only socket frames fill it.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { queryClient } from '../../../lib/query-client.ts';

export interface UnreadCounts {
  mine: number;
  unassigned: number;
  all: number;
}

export const unreadCountsKey = (projectId: string) => ['projects', projectId, 'unread'] as const;

export const unreadCountsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: unreadCountsKey(projectId),
    // Socket frames are the only source: a refetch keeps what they wrote.
    queryFn: (): UnreadCounts | null =>
      queryClient.getQueryData<UnreadCounts | null>(unreadCountsKey(projectId)) ?? null,
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useUnreadCounts(projectId: string) {
  return useQuery(unreadCountsQueryOptions(projectId)).data ?? null;
}
