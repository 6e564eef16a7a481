// POST /api/projects/:projectId/visitors/:visitorId/block (Managers): their token is refused from
// now on and their open sockets close.
import { useMutation } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';

export const blockVisitor = (projectId: string, visitorId: string) =>
  api.request(`/api/projects/${projectId}/visitors/${visitorId}/block`, ok, { method: 'POST' });

export function useBlockVisitor(projectId: string) {
  return useMutation({ mutationFn: (visitorId: string) => blockVisitor(projectId, visitorId) });
}
