// Which agents of the project are online: pushed by the ProjectInbox socket (`presence` frames).
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { InboxServerFrame } from '../../../lib/protocol.ts';
import { queryClient } from '../../../lib/query-client.ts';

/** An agent as the inbox's `presence` frame lists them. */
export type AgentPresence = Extract<InboxServerFrame, { type: 'presence' }>['agents'][number];

export const presenceKey = (projectId: string) => ['projects', projectId, 'presence'] as const;

export const presenceQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: presenceKey(projectId),
    // Socket frames are the only source: a refetch keeps what they wrote.
    queryFn: (): AgentPresence[] => queryClient.getQueryData<AgentPresence[]>(presenceKey(projectId)) ?? [],
    staleTime: Number.POSITIVE_INFINITY,
  });

export function usePresence(projectId: string) {
  return useQuery(presenceQueryOptions(projectId)).data ?? [];
}
