// Whether the project has any conversation at all, in any status (GET …/conversations, one row):
// the empty inbox of a project that has never had one explains how the first one arrives.
import { useQuery } from '@tanstack/react-query';
import { conversationPage } from '../../../../../contract/rest/conversations.ts';
import { api } from '../../../lib/api-client.ts';

/** Set to true by any conversation the inbox sees (utils/apply-inbox-frame.ts, inbox-panel.tsx). */
export const anyConversationKey = (projectId: string) => ['projects', projectId, 'conversations', 'any'] as const;

export function useAnyConversation(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: anyConversationKey(projectId),
    queryFn: async () => {
      const page = await api.request(`/api/projects/${projectId}/conversations`, conversationPage, {
        query: { limit: 1 },
      });
      return page.conversations.length > 0;
    },
    enabled,
  });
}
