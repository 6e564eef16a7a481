// GET/PUT /api/projects/:projectId/conversation-settings: read the settings, and change the
// retention period of resolved conversations (Managers) keeping the rest as it is.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { conversationSettingsView } from '../../../../../contract/rest/conversation-settings.ts';
import { api } from '../../../lib/api-client.ts';
import {
  type AssignmentChange,
  assignmentUpdate,
  deleteWindowUpdate,
  retentionUpdate,
  type StoredConversationSettings,
} from '../utils/erasure.ts';

export const conversationSettingsKey = (projectId: string) => ['projects', projectId, 'conversation-settings'] as const;

export const getConversationSettings = (projectId: string) =>
  api.request(`/api/projects/${projectId}/conversation-settings`, conversationSettingsView);

export const conversationSettingsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: conversationSettingsKey(projectId),
    queryFn: () => getConversationSettings(projectId),
    select: (data) => data.settings,
  });

export function useConversationSettings(projectId: string) {
  return useQuery(conversationSettingsQueryOptions(projectId));
}

export const updateRetention = (projectId: string, current: StoredConversationSettings, days: number | null) =>
  api.request(`/api/projects/${projectId}/conversation-settings`, conversationSettingsView, {
    method: 'PUT',
    body: retentionUpdate(current, days),
  });

export function useUpdateRetention(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ current, days }: { current: StoredConversationSettings; days: number | null }) =>
      updateRetention(projectId, current, days),
    onSuccess: (data) => queryClient.setQueryData(conversationSettingsKey(projectId), data),
  });
}

/** Managers: how long authors may delete their own messages (minutes; 0: never). */
export function useUpdateDeleteWindow(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ current, minutes }: { current: StoredConversationSettings; minutes: number }) =>
      api.request(`/api/projects/${projectId}/conversation-settings`, conversationSettingsView, {
        method: 'PUT',
        body: deleteWindowUpdate(current, minutes),
      }),
    onSuccess: (data) => queryClient.setQueryData(conversationSettingsKey(projectId), data),
  });
}

/** Managers: how new conversations find an agent (round robin, an agent's first reply). */
export function useUpdateAssignment(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ current, change }: { current: StoredConversationSettings; change: AssignmentChange }) =>
      api.request(`/api/projects/${projectId}/conversation-settings`, conversationSettingsView, {
        method: 'PUT',
        body: assignmentUpdate(current, change),
      }),
    onSuccess: (data) => queryClient.setQueryData(conversationSettingsKey(projectId), data),
  });
}
