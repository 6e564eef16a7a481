// POST, PATCH and DELETE /api/projects/:projectId/labels[/:id], and PUT …/labels/settings: the
// label definitions (Managers, or Agents when the project allows it).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { type LabelColor, labelSaved, labelSettings } from '../../../../../contract/rest/labels.ts';
import { api } from '../../../lib/api-client.ts';
import { labelsKey } from './get-labels.ts';

export interface LabelInput {
  name: string;
  color: LabelColor;
  description: string;
}

const base = (projectId: string) => `/api/projects/${projectId}/labels`;

export function useSaveLabel(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: LabelInput }) =>
      id
        ? api.request(`${base(projectId)}/${id}`, labelSaved, { method: 'PATCH', body: input })
        : api.request(base(projectId), labelSaved, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labelsKey(projectId) }),
  });
}

export function useDeleteLabel(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.request(`${base(projectId)}/${id}`, ok, { method: 'DELETE' }),
    // Conversations lose the label too: their lists and threads are read again.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: labelsKey(projectId) }),
        queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'conversations'] }),
      ]),
  });
}

export function useUpdateLabelSettings(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (agentsMayDefine: boolean) =>
      api.request(`${base(projectId)}/settings`, labelSettings, { method: 'PUT', body: { agentsMayDefine } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labelsKey(projectId) }),
  });
}
