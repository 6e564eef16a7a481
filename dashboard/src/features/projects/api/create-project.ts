// POST /api/projects: a new project; its creator becomes its Manager.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { Project } from './get-projects.ts';

export const createProject = (name: string) =>
  api.request<Project>('/api/projects', { method: 'POST', body: { name } });

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProject,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['project-list'] }),
  });
}
