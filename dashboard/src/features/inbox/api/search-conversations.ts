// GET /api/projects/:projectId/conversations/search?q=&label=: full-text search over message bodies,
// within the conversations carrying a label when the inbox is filtered by one.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { conversationSearchResults } from '../../../../../contract/rest/conversations.ts';
import { api } from '../../../lib/api-client.ts';

export const searchConversations = (projectId: string, q: string, label: string | null) =>
  api.request(`/api/projects/${projectId}/conversations/search`, conversationSearchResults, {
    query: { q, limit: 30, label: label ?? undefined },
  });

export const searchQueryOptions = (projectId: string, q: string, label: string | null) =>
  queryOptions({
    queryKey: ['projects', projectId, 'conversations', 'search', q, label],
    queryFn: () => searchConversations(projectId, q, label),
    staleTime: 10_000,
  });

export function useSearchConversations(projectId: string, q: string, label: string | null) {
  return useQuery({ ...searchQueryOptions(projectId, q, label), enabled: q.trim().length >= 2 });
}
