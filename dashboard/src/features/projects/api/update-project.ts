// PATCH /api/projects/:projectId: rename a project (Managers).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { Project } from './get-projects.ts';

export const updateProject = ({ projectId, name }: { projectId: string; name: string }) =>
  api.request<Project>(`/api/projects/${projectId}`, { method: 'PATCH', body: { name } });

export function useUpdateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProject,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['project-list'] }),
  });
}
