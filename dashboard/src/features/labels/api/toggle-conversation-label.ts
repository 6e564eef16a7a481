// POST …/conversations/:id/labels and DELETE …/conversations/:id/labels/:labelId: one label on or
// off. The cached thread and every cached list show the answer at once; the inbox socket then
// tells the other dashboards.
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { conversationLabels } from '../../../../../contract/rest/labels.ts';
import { api } from '../../../lib/api-client.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';

type Cached = { conversation: ConversationSummary };
type Pages = { pages: { conversations: ConversationSummary[] }[] };

/** Writes a conversation's labels into the thread and list caches (their key prefixes only). */
export function writeLabels(queryClient: QueryClient, projectId: string, conversationId: string, labelIds: string[]) {
  queryClient.setQueryData<Cached>(['projects', projectId, 'conversations', 'detail', conversationId], (thread) =>
    thread ? { ...thread, conversation: { ...thread.conversation, labelIds } } : thread,
  );
  for (const [key, data] of queryClient.getQueriesData<Pages>({
    queryKey: ['projects', projectId, 'conversations', 'list'],
  })) {
    if (!data?.pages) continue;
    queryClient.setQueryData<Pages>(key, {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        conversations: page.conversations.map((c) => (c.id === conversationId ? { ...c, labelIds } : c)),
      })),
    });
  }
}

export function useToggleConversationLabel(projectId: string, conversationId: string) {
  const queryClient = useQueryClient();
  const base = `/api/projects/${projectId}/conversations/${conversationId}/labels`;
  return useMutation({
    mutationFn: ({ labelId, on }: { labelId: string; on: boolean }) =>
      on
        ? api.request(base, conversationLabels, { method: 'POST', body: { labelIds: [labelId] } })
        : api.request(`${base}/${labelId}`, conversationLabels, { method: 'DELETE' }),
    onSuccess: (result) => writeLabels(queryClient, projectId, conversationId, result.labelIds),
  });
}
