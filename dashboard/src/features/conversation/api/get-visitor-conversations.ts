// GET /api/projects/:projectId/conversations?visitorId=: the visitor's other conversations, for the
// visitor panel's history.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';

export const getVisitorConversations = (projectId: string, visitorId: string) =>
  api.request<{ conversations: ConversationSummary[]; nextCursor: string | null }>(
    `/api/projects/${projectId}/conversations`,
    { query: { visitorId, limit: 20 } },
  );

export const visitorConversationsQueryOptions = (projectId: string, visitorId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'visitors', visitorId, 'conversations'],
    queryFn: () => getVisitorConversations(projectId, visitorId),
    select: (data) => data.conversations,
  });

export function useVisitorConversations(projectId: string, visitorId: string) {
  return useQuery(visitorConversationsQueryOptions(projectId, visitorId));
}
