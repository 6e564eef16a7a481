// DELETE /api/projects/:projectId/visitors/:visitorId (Managers): the visitor and every
// conversation of theirs are erased; the caches forget them at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { noContent } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { visitorQueryOptions } from '../../conversation/api/get-visitor.ts';
import { forgetConversations } from './erase-cache.ts';

export const eraseVisitor = (projectId: string, visitorId: string) =>
  api.request(`/api/projects/${projectId}/visitors/${visitorId}`, noContent, { method: 'DELETE' });

export function useEraseVisitor(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ visitorId }: { visitorId: string; conversationIds: string[] }) => eraseVisitor(projectId, visitorId),
    onSuccess: (_, { visitorId, conversationIds }) => {
      queryClient.removeQueries({ queryKey: visitorQueryOptions(projectId, visitorId).queryKey });
      forgetConversations(queryClient, projectId, (c) => c.visitor.id === visitorId, conversationIds);
    },
  });
}
