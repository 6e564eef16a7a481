// GET /api/projects/:projectId/conversations/search?q=: full-text search over message bodies.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { conversationSearchResults } from '../../../../../contract/rest/conversations.ts';
import { api } from '../../../lib/api-client.ts';

export const searchConversations = (projectId: string, q: string) =>
  api.request(`/api/projects/${projectId}/conversations/search`, conversationSearchResults, {
    query: { q, limit: 30 },
  });

export const searchQueryOptions = (projectId: string, q: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'conversations', 'search', q],
    queryFn: () => searchConversations(projectId, q),
    staleTime: 10_000,
  });

export function useSearchConversations(projectId: string, q: string) {
  return useQuery({ ...searchQueryOptions(projectId, q), enabled: q.trim().length >= 2 });
}
