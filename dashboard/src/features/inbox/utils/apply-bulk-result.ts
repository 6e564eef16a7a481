// A bulk change's answer into the query cache: every named conversation as it is after goes into
// the lists the way a live push does (so a resolved one leaves Open at once, without waiting for
// the inbox socket), and the open conversation's header takes its new status, assignee and labels.
import type { QueryClient } from '@tanstack/react-query';
import type { BulkResult } from '../../../../../contract/rest/conversations.ts';
import { type ConversationSummary, keepLabels } from '../../../lib/protocol.ts';
import { putConversation } from './apply-inbox-frame.ts';

const detailKey = (projectId: string, id: string) => ['projects', projectId, 'conversations', 'detail', id] as const;

export function applyBulkResult(
  queryClient: QueryClient,
  projectId: string,
  meId: string | null,
  result: Pick<BulkResult, 'conversations'>,
): void {
  for (const conversation of result.conversations) {
    // The answer is the project's, but a stray one must never land in another project's lists.
    if (conversation.projectId !== projectId) continue;
    putConversation(queryClient, projectId, meId, conversation);
    queryClient.setQueryData<{ conversation: ConversationSummary }>(detailKey(projectId, conversation.id), (thread) =>
      // A copy older than the one held (a push that overtook this answer) changes nothing.
      thread && thread.conversation.revision <= conversation.revision
        ? { ...thread, conversation: keepLabels(conversation, thread.conversation) }
        : thread,
    );
  }
}
