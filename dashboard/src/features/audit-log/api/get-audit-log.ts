// GET /api/projects/:projectId/audit: security events of the project, newest first (Managers).
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { auditPage } from '../../../../../contract/rest/audit.ts';
import { api } from '../../../lib/api-client.ts';

export type { AuditEvent } from '../../../../../contract/rest/audit.ts';

export const getAuditLog = (projectId: string, cursor: string | null) =>
  api.request(`/api/projects/${projectId}/audit`, auditPage, {
    query: { cursor, limit: 50 },
  });

export const auditLogQueryOptions = (projectId: string) =>
  infiniteQueryOptions({
    queryKey: ['projects', projectId, 'audit'],
    queryFn: ({ pageParam }) => getAuditLog(projectId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export function useAuditLog(projectId: string) {
  return useInfiniteQuery(auditLogQueryOptions(projectId));
}
