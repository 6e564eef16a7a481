// DELETE /api/projects/:projectId (Managers, sudo): the project is erased with everything in it.
import { useMutation } from '@tanstack/react-query';
import { noContent } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { withReauthentication } from '../../../lib/reauthentication.ts';

export const deleteProject = (projectId: string) =>
  withReauthentication(() => api.request(`/api/projects/${projectId}`, noContent, { method: 'DELETE' }));

export function useDeleteProject() {
  return useMutation({ mutationFn: deleteProject });
}
