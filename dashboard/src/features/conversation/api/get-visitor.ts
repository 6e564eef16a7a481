// GET /api/projects/:projectId/visitors/:visitorId: the visitor panel — identity, the page they
// are on, browser, language, and their conversations (newest first).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { visitorPanel } from '../../../../../contract/rest/visitors.ts';
import { api } from '../../../lib/api-client.ts';

export const getVisitor = (projectId: string, visitorId: string) =>
  api.request(`/api/projects/${projectId}/visitors/${visitorId}`, visitorPanel);

export const visitorQueryOptions = (projectId: string, visitorId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'visitors', visitorId],
    queryFn: () => getVisitor(projectId, visitorId),
    // The page a visitor is on changes as they browse: refresh while the panel is open.
    refetchInterval: 30_000,
  });

export function useVisitor(projectId: string, visitorId: string) {
  return useQuery(visitorQueryOptions(projectId, visitorId));
}
