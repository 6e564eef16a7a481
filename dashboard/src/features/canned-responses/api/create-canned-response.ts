// POST /api/projects/:projectId/canned-responses (Managers).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cannedResponseSaved } from '../../../../../contract/rest/canned-responses.ts';
import { api } from '../../../lib/api-client.ts';
import { cannedResponsesKey } from './get-canned-responses.ts';

export interface CannedResponseInput {
  shortcut: string;
  title: string;
  body: string;
}

export const createCannedResponse = (projectId: string, input: CannedResponseInput) =>
  api.request(`/api/projects/${projectId}/canned-responses`, cannedResponseSaved, {
    method: 'POST',
    body: input,
  });

export function useCreateCannedResponse(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CannedResponseInput) => createCannedResponse(projectId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedResponsesKey(projectId) }),
  });
}
