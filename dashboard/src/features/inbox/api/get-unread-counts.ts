// The unread counters per filter (conversations with unread visitor messages). The ProjectInbox
// socket pushes them (`unread` frames); until the first frame they are derived from nothing, so
// the query starts empty and only socket frames fill it.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { InboxServerFrame } from '../../../lib/protocol.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** The counters as the inbox's `unread` frame carries them. */
export type UnreadCounts = Extract<InboxServerFrame, { type: 'unread' }>['counts'];

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
