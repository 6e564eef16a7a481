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
  settingsUpdate,
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

/** PUTs the whole settings object (`body` builds it from the stored one), then caches the answer. */
const putSettings = (projectId: string, body: unknown) =>
  api.request(`/api/projects/${projectId}/conversation-settings`, conversationSettingsView, { method: 'PUT', body });

function useSettingsChange<V>(projectId: string, body: (input: V) => unknown) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: V) => putSettings(projectId, body(input)),
    onSuccess: (data) => queryClient.setQueryData(conversationSettingsKey(projectId), data),
  });
}

export const updateRetention = (projectId: string, current: StoredConversationSettings, days: number | null) =>
  putSettings(projectId, retentionUpdate(current, days));

export const useUpdateRetention = (projectId: string) =>
  useSettingsChange(projectId, ({ current, days }: { current: StoredConversationSettings; days: number | null }) =>
    retentionUpdate(current, days),
  );

/** Managers: how long authors may delete their own messages (minutes; 0: never). */
export const useUpdateDeleteWindow = (projectId: string) =>
  useSettingsChange(projectId, ({ current, minutes }: { current: StoredConversationSettings; minutes: number }) =>
    deleteWindowUpdate(current, minutes),
  );

/** Managers: how new conversations find an agent (round robin, an agent's first reply). */
export const useUpdateAssignment = (projectId: string) =>
  useSettingsChange(
    projectId,
    ({ current, change }: { current: StoredConversationSettings; change: AssignmentChange }) =>
      assignmentUpdate(current, change),
  );

/** Managers: after how many seconds visitors are emailed the replies they have not seen (null: off). */
export const useUpdateUnseenReplyDelay = (projectId: string) =>
  useSettingsChange(
    projectId,
    ({ current, seconds }: { current: StoredConversationSettings; seconds: number | null }) =>
      settingsUpdate(current, { unseenReplyEmailDelaySeconds: seconds }),
  );
