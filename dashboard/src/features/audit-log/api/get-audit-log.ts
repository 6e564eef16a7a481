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

export const getAuditLog = (projectId: string, cursor: string | null) =>
  api.request<{ events: AuditEvent[]; nextCursor: string | null }>(`/api/projects/${projectId}/audit`, {
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
