// GET /api/projects/:projectId/conversation-settings, read for what the composer may attach (any
// member reads it; Managers change it in Settings). Shares its cache entry with the settings screens.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { type AttachmentLimits, conversationSettingsView } from '../../../../../contract/rest/conversation-settings.ts';
import { api } from '../../../lib/api-client.ts';

export const attachmentLimitsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'conversation-settings'] as const,
    queryFn: () => api.request(`/api/projects/${projectId}/conversation-settings`, conversationSettingsView),
    select: (data): AttachmentLimits => ({
      maxBytes: data.settings.attachmentMaxBytes,
      types: data.settings.attachmentTypes,
    }),
    staleTime: 60_000,
  });

export function useAttachmentLimits(projectId: string) {
  return useQuery(attachmentLimitsQueryOptions(projectId));
}
