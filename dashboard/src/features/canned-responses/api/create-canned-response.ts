// POST /api/projects/:projectId/canned-responses (Managers).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { type CannedResponse, cannedResponsesKey } from './get-canned-responses.ts';

export interface CannedResponseInput {
  shortcut: string;
  title: string;
  body: string;
}

export const createCannedResponse = (projectId: string, input: CannedResponseInput) =>
  api.request<{ cannedResponse: CannedResponse }>(`/api/projects/${projectId}/canned-responses`, {
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
