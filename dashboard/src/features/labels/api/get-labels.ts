// GET /api/projects/:projectId/labels: the project's labels and whether the caller may define them.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { labelList } from '../../../../../contract/rest/labels.ts';
import { api } from '../../../lib/api-client.ts';

export type { Label, LabelColor, LabelList } from '../../../../../contract/rest/labels.ts';

export const labelsKey = (projectId: string) => ['projects', projectId, 'labels'] as const;

export const getLabels = (projectId: string) => api.request(`/api/projects/${projectId}/labels`, labelList);

export const labelsQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: labelsKey(projectId), queryFn: () => getLabels(projectId), staleTime: 60_000 });

export function useLabels(projectId: string) {
  return useQuery(labelsQueryOptions(projectId));
}
