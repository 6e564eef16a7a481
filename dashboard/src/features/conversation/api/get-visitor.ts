// GET /api/projects/:projectId/visitors/:visitorId: the visitor panel — identity, the page they
// are on, browser, language, and their conversations (newest first).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';

export interface VisitorDetails {
  id: string;
  name: string | null;
  email: string | null;
  verified: boolean;
  externalId: string | null;
  currentUrl: string | null;
  pageTitle: string | null;
  referrer: string | null;
  userAgent: string | null;
  locale: string | null;
  timezone: string | null;
  lastSeenAt: string;
  createdAt: string;
}

export const getVisitor = (projectId: string, visitorId: string) =>
  api.request<{ visitor: VisitorDetails; conversations: ConversationSummary[] }>(
    `/api/projects/${projectId}/visitors/${visitorId}`,
  );

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
