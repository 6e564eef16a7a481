// GET /api/projects/:projectId/audit: security events of the project, newest first (Managers).
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface AuditEvent {
  id: string;
  type: string;
  actor: { id: string; email: string } | null;
  target: { id: string; email: string } | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, string | number | boolean | null>;
  createdAt: string;
}

/** What an account recovery flagged: grants made before the granting account's address was verified. */
export const NEEDS_REVIEW = 'grant.needs_review';

export const getAuditLog = (projectId: string, cursor: string | null, type: string | null = null) =>
  api.request<{ events: AuditEvent[]; nextCursor: string | null }>(`/api/projects/${projectId}/audit`, {
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
