// The conversation's triage actions: status (open, pending, resolved), snooze until a time,
// assignment and priority. Each updates the cached thread optimistically and rolls back on failure;
// the sockets then confirm the change to every dashboard. A priority's answer also goes into the
// cached inbox rows at once: no room frame carries priority, and the inbox push may trail it.
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { conversationChanged } from '../../../../../contract/rest/conversations.ts';
import { api } from '../../../lib/api-client.ts';
import { patchListedConversation } from '../../../lib/list-rows.ts';
import type { ConversationPriority } from '../../../lib/priority.ts';
import { type ConversationSummary, keepLabels } from '../../../lib/protocol.ts';
import type { Thread } from '../utils/thread.ts';
import { threadKey } from './get-conversation.ts';

export type ConversationChange =
  | { kind: 'status'; status: 'open' | 'pending' | 'resolved' }
  | { kind: 'snooze'; until: string }
  | { kind: 'assign'; assigneeId: string | null }
  | { kind: 'priority'; priority: ConversationPriority | null };

export function updateConversation(projectId: string, conversationId: string, change: ConversationChange) {
  const base = `/api/projects/${projectId}/conversations/${conversationId}`;
  switch (change.kind) {
    case 'status':
      return api.request(`${base}/status`, conversationChanged, {
        method: 'POST',
        body: { status: change.status },
      });
    case 'snooze':
      return api.request(`${base}/status`, conversationChanged, {
        method: 'POST',
        body: { status: 'snoozed', snoozedUntil: change.until },
      });
    case 'assign':
      return api.request(`${base}/assign`, conversationChanged, {
        method: 'POST',
        body: { assigneeId: change.assigneeId },
      });
    case 'priority':
      return api.request(`${base}/priority`, conversationChanged, {
        method: 'PUT',
        body: { priority: change.priority },
      });
  }
}

export function applyChange(conversation: ConversationSummary, change: ConversationChange): ConversationSummary {
  switch (change.kind) {
    case 'status':
      return { ...conversation, status: change.status, snoozedUntil: null };
    case 'snooze':
      return { ...conversation, status: 'snoozed', snoozedUntil: change.until };
    case 'assign':
      return { ...conversation, assigneeId: change.assigneeId };
    case 'priority':
      return { ...conversation, priority: change.priority };
  }
}

/**
 * A conversation's priority into the rows of every cached inbox list (by the lists' key prefix:
 * the inbox feature's; the next push re-sorts and re-filters them).
 */
export function writePriorityToLists(
  queryClient: QueryClient,
  projectId: string,
  conversationId: string,
  priority: ConversationPriority | null,
): void {
  patchListedConversation(queryClient, projectId, conversationId, { priority });
}

export function useUpdateConversation(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ conversationId, change }: { conversationId: string; change: ConversationChange }) =>
      updateConversation(projectId, conversationId, change),
    onMutate: async ({ conversationId, change }) => {
      const key = threadKey(projectId, conversationId);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Thread>(key);
      if (previous)
        queryClient.setQueryData<Thread>(key, {
          ...previous,
          conversation: applyChange(previous.conversation, change),
        });
      return { previous };
    },
    onError: (_error, { conversationId }, context) => {
      if (context?.previous) queryClient.setQueryData(threadKey(projectId, conversationId), context.previous);
    },
    onSuccess: (result, { conversationId, change }) => {
      if (!result?.conversation) return;
      if (change.kind === 'priority') {
        // The answer's priority, or the one asked for should the answer not tell it.
        writePriorityToLists(queryClient, projectId, conversationId, result.conversation.priority ?? change.priority);
      }
      queryClient.setQueryData<Thread>(threadKey(projectId, conversationId), (thread) =>
        thread ? { ...thread, conversation: keepLabels(result.conversation, thread.conversation) } : thread,
      );
    },
  });
}
