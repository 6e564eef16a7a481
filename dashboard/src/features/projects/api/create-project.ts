// POST /api/projects: a new project; its creator becomes its Manager.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { project } from '../../../../../contract/rest/projects.ts';
import { api } from '../../../lib/api-client.ts';

export const createProject = (name: string) =>
  api.request('/api/projects', project, { method: 'POST', body: { name } });

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProject,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['project-list'] }),
  });
}
