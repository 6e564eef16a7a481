// GET /api/me/sessions: the account's live sessions (devices signed in).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface Session {
  id: string;
  current: boolean;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

export const sessionsKey = ['me', 'sessions'] as const;

export const getSessions = () => api.request<{ sessions: Session[] }>('/api/me/sessions');

export const sessionsQueryOptions = () =>
  queryOptions({ queryKey: sessionsKey, queryFn: getSessions, select: (d) => d.sessions });

export function useSessions() {
  return useQuery(sessionsQueryOptions());
}
