// GET /api/me/sessions: the account's live sessions (devices signed in).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { sessionList } from '../../../../../contract/rest/me.ts';
import { api } from '../../../lib/api-client.ts';

export const sessionsKey = ['me', 'sessions'] as const;

export const getSessions = () => api.request('/api/me/sessions', sessionList);

export const sessionsQueryOptions = () =>
  queryOptions({ queryKey: sessionsKey, queryFn: getSessions, select: (d) => d.sessions });

export function useSessions() {
  return useQuery(sessionsQueryOptions());
}
