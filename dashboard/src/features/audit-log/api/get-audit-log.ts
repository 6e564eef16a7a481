// GET /api/projects/:projectId/audit: security events of the project, newest first (Managers).
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { auditPage } from '../../../../../contract/rest/audit.ts';
import { api } from '../../../lib/api-client.ts';

export type { AuditEvent } from '../../../../../contract/rest/audit.ts';
export { GRANT_NEEDS_REVIEW as NEEDS_REVIEW } from '../../../../../contract/rest/audit.ts';

export const getAuditLog = (projectId: string, cursor: string | null, type: string | null = null) =>
  api.request(`/api/projects/${projectId}/audit`, auditPage, {
    query: { cursor, limit: 50, type },
  });

export const auditLogQueryOptions = (projectId: string, type: string | null = null) =>
  infiniteQueryOptions({
    queryKey: ['projects', projectId, 'audit', type ?? 'all'],
    queryFn: ({ pageParam }) => getAuditLog(projectId, pageParam, type),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export function useAuditLog(projectId: string, type: string | null = null) {
  return useInfiniteQuery(auditLogQueryOptions(projectId, type));
}
