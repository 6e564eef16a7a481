// DELETE /api/projects/:projectId/conversations/:conversationId (Managers): one conversation is
// erased (the visitor stays); the caches forget it at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { noContent } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { forgetConversations } from './erase-cache.ts';

export const eraseConversation = (projectId: string, conversationId: string) =>
  api.request(`/api/projects/${projectId}/conversations/${conversationId}`, noContent, { method: 'DELETE' });

export function useEraseConversation(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ conversationId }: { conversationId: string; visitorId: string }) =>
      eraseConversation(projectId, conversationId),
    onSuccess: (_, { conversationId, visitorId }) => {
      forgetConversations(queryClient, projectId, (c) => c.id === conversationId, [conversationId]);
      // The visitor panel lists their conversations.
      void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'visitors', visitorId] });
    },
  });
}
