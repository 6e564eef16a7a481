// GET /api/projects/:projectId/conversations/:id: the conversation, its visitor and its latest
// messages. The cached thread also carries our in-flight sends, which a refetch keeps.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { conversationWithMessages } from '../../../../../contract/rest/conversations.ts';
import { api } from '../../../lib/api-client.ts';
import { queryClient } from '../../../lib/query-client.ts';
import { type Thread, visitorReadSeqFrom } from '../utils/thread.ts';

export const threadKey = (projectId: string, conversationId: string) =>
  ['projects', projectId, 'conversations', 'detail', conversationId] as const;

export const getConversation = (projectId: string, conversationId: string) =>
  api.request(`/api/projects/${projectId}/conversations/${conversationId}`, conversationWithMessages);

export async function fetchThread(projectId: string, conversationId: string): Promise<Thread> {
  const res = await getConversation(projectId, conversationId);
  const previous = queryClient.getQueryData<Thread>(threadKey(projectId, conversationId));
  const messages = [...res.messages].sort((a, b) => a.seq - b.seq);
  return {
    conversation: res.conversation,
    messages,
    hasMoreBefore: res.more,
    visitorReadSeq: Math.max(
      visitorReadSeqFrom(messages, res.conversation.unreadByVisitor),
      previous?.visitorReadSeq ?? 0,
    ),
    pending: previous?.pending ?? [],
  };
}

export const threadQueryOptions = (projectId: string, conversationId: string) =>
  queryOptions({
    queryKey: threadKey(projectId, conversationId),
    queryFn: () => fetchThread(projectId, conversationId),
    // The room socket keeps it current; refetching would only race the socket.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 10 * 60_000,
  });

export function useThread(projectId: string, conversationId: string) {
  return useQuery(threadQueryOptions(projectId, conversationId));
}
