// POST …/conversations/:id/labels and DELETE …/conversations/:id/labels/:labelId: one label on or
// off. The cached thread and every cached list show the answer at once; the inbox socket then
// tells the other dashboards.
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { conversationLabels } from '../../../../../contract/rest/labels.ts';
import { api } from '../../../lib/api-client.ts';
import { patchListedConversation } from '../../../lib/list-rows.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';

type Cached = { conversation: ConversationSummary };

/** Writes a conversation's labels into the thread and list caches (their key prefixes only). */
export function writeLabels(queryClient: QueryClient, projectId: string, conversationId: string, labelIds: string[]) {
  queryClient.setQueryData<Cached>(['projects', projectId, 'conversations', 'detail', conversationId], (thread) =>
    thread ? { ...thread, conversation: { ...thread.conversation, labelIds } } : thread,
  );
  patchListedConversation(queryClient, projectId, conversationId, { labelIds });
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
