// GET /api/projects/:projectId/conversations/:id?beforeSeq=: older history, prepended to the
// cached thread as the agent scrolls back.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { conversationWithMessages } from '../../../../../contract/rest/conversations.ts';
import { api } from '../../../lib/api-client.ts';
import { mergeMessages, type Thread } from '../utils/thread.ts';
import { threadKey } from './get-conversation.ts';

export const getEarlierMessages = (projectId: string, conversationId: string, beforeSeq: number) =>
  api.request(`/api/projects/${projectId}/conversations/${conversationId}`, conversationWithMessages, {
    query: { beforeSeq, limit: 50 },
  });

export function useLoadEarlierMessages(projectId: string, conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (beforeSeq: number) => getEarlierMessages(projectId, conversationId, beforeSeq),
    onSuccess: (page) => {
      queryClient.setQueryData<Thread>(threadKey(projectId, conversationId), (thread) =>
        thread
          ? {
              ...thread,
              messages: mergeMessages(thread.messages, page.messages),
              hasMoreBefore: page.more,
            }
          : thread,
      );
    },
  });
}
