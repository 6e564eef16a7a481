// GET/PUT /api/projects/:projectId/conversation-settings for Settings › Attachments: what size and
// types of file visitors and agents may attach (Managers). The other settings are sent back as
// they are, and the retention period is left out, so the server keeps it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { conversationSettingsView } from '../../../../../contract/rest/conversation-settings.ts';
import { api } from '../../../lib/api-client.ts';

const key = (projectId: string) => ['projects', projectId, 'conversation-settings'] as const;

export type StoredSettings = {
  autoAssign: 'off' | 'round_robin';
  attachmentMaxBytes: number;
  attachmentTypes: string[];
};

export function useConversationSettingsForLimits(projectId: string) {
  return useQuery({
    queryKey: key(projectId),
    queryFn: () => api.request(`/api/projects/${projectId}/conversation-settings`, conversationSettingsView),
    select: (data) => data.settings,
  });
}

export function useUpdateAttachmentLimits(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      autoAssign: StoredSettings['autoAssign'];
      attachmentMaxBytes: number;
      attachmentTypes: string[];
    }) =>
      api.request(`/api/projects/${projectId}/conversation-settings`, conversationSettingsView, {
        method: 'PUT',
        body: input,
      }),
    onSuccess: (data) => queryClient.setQueryData(key(projectId), data),
  });
}
