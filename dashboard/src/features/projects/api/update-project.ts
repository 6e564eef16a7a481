// PATCH /api/projects/:projectId: rename a project (Managers).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { project } from '../../../../../contract/rest/projects.ts';
import { api } from '../../../lib/api-client.ts';

export const updateProject = ({ projectId, name }: { projectId: string; name: string }) =>
  api.request(`/api/projects/${projectId}`, project, { method: 'PATCH', body: { name } });

export function useUpdateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProject,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['project-list'] }),
  });
}
