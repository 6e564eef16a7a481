// GET /api/projects/:projectId/conversations/:id: the conversation, its visitor and its latest
// messages. The cached thread also carries our in-flight sends, which a refetch keeps.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { ConversationSummary, Message } from '../../../lib/protocol.ts';
import { queryClient } from '../../../lib/query-client.ts';
import type { Thread, VisitorDetails } from '../utils/thread.ts';

export interface ConversationResponse {
  conversation: ConversationSummary;
  messages: Message[];
  hasMoreBefore?: boolean;
  visitor?: VisitorDetails | null;
  visitorReadSeq?: number;
}

export const threadKey = (projectId: string, conversationId: string) =>
  ['projects', projectId, 'conversations', 'detail', conversationId] as const;

export const getConversation = (projectId: string, conversationId: string) =>
  api.request<ConversationResponse>(`/api/projects/${projectId}/conversations/${conversationId}`);

export async function fetchThread(projectId: string, conversationId: string): Promise<Thread> {
  const res = await getConversation(projectId, conversationId);
  const previous = queryClient.getQueryData<Thread>(threadKey(projectId, conversationId));
  return {
    conversation: res.conversation,
    messages: [...res.messages].sort((a, b) => a.seq - b.seq),
    hasMoreBefore: res.hasMoreBefore ?? false,
    visitor: res.visitor ?? { ...res.conversation.visitor },
    visitorReadSeq: Math.max(res.visitorReadSeq ?? 0, previous?.visitorReadSeq ?? 0),
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
