// GET /api/projects/:projectId/reports: the figures over a range, overall and per group.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReportGrouping, report } from '../../../../../contract/rest/reports.ts';
import { api } from '../../../lib/api-client.ts';

export interface ReportQuery {
  from: string;
  to: string;
  groupBy: ReportGrouping;
}

export const reportKey = (projectId: string, q: ReportQuery) => ['projects', projectId, 'reports', q] as const;

export function useReport(projectId: string, q: ReportQuery) {
  return useQuery({
    queryKey: reportKey(projectId, q),
    queryFn: () => api.request(`/api/projects/${projectId}/reports`, report, { query: { ...q } }),
    // Switching the grouping or the range keeps the last figures on screen until the new ones come.
    placeholderData: keepPreviousData,
  });
}
