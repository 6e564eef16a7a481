// POST/GET /api/projects/:projectId/exports (Managers): start an export and follow it until its
// signed download link is ready; the list polls while one is being built.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataExportList, dataExportView, type ExportRequest } from '../../../../../contract/rest/privacy.ts';
import { api } from '../../../lib/api-client.ts';
import { anyPending } from '../utils/erasure.ts';

export type { DataExport } from '../../../../../contract/rest/privacy.ts';

export const exportsKey = (projectId: string) => ['projects', projectId, 'exports'] as const;

export const getExports = (projectId: string) => api.request(`/api/projects/${projectId}/exports`, dataExportList);

export const exportsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: exportsKey(projectId),
    queryFn: () => getExports(projectId),
    select: (data) => data.exports,
    refetchInterval: (query) => (anyPending(query.state.data?.exports ?? []) ? 2_000 : false),
  });

export function useExports(projectId: string) {
  return useQuery(exportsQueryOptions(projectId));
}

export const createExport = (projectId: string, body: ExportRequest) =>
  api.request(`/api/projects/${projectId}/exports`, dataExportView, { method: 'POST', body });

export function useCreateExport(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ExportRequest) => createExport(projectId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exportsKey(projectId) }),
  });
}
