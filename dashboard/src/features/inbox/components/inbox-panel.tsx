// The inbox column: assignee tabs with unread counts, the status and label filters, search, the live list
// and the keyboard shortcuts that move through it.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import type { Label } from '../../../../../contract/rest/labels.ts';
import { cn } from '../../../lib/cn.ts';
import type { SocketStatus } from '../../../lib/ws-client.ts';
import { anyConversationKey, useAnyConversation } from '../api/get-any-conversation.ts';
import { useConversations } from '../api/get-conversations.ts';
import { useUnreadCounts } from '../api/get-unread-counts.ts';
import { useInboxNavigation } from '../hooks/use-inbox-navigation.ts';
import { useInboxStore } from '../stores/inbox-store.ts';
import { flattenList } from '../utils/list-cache.ts';
import { AssigneeTabs } from './assignee-tabs.tsx';
import { ConversationList } from './conversation-list.tsx';
import { InboxHeading } from './inbox-heading.tsx';
import { InboxSearchField } from './inbox-search-field.tsx';
import { LabelFilter } from './label-filter.tsx';
import { PriorityFilter } from './priority-filter.tsx';
import { SearchResults } from './search-results.tsx';
import { ShortcutSheet } from './shortcut-sheet.tsx';
import { StatusPills } from './status-pills.tsx';

export interface InboxPanelProps {
  projectId: string;
  meId: string | null;
  selectedId: string | null;
  socketStatus: SocketStatus;
  agentName: (id: string) => string | null;
  onResolve: (conversationId: string) => void;
  onAssignToMe: (conversationId: string) => void;
  onReply: () => void;
  /** `l`: open the label picker of the open conversation. */
  onLabels: () => void;
  /** `p`: open the Priority menu of the open conversation. */
  onPriority: () => void;
  /** The project's labels: the filter's choices and the rows' chips. */
  labels: readonly Label[];
  /** On a phone the list and the open conversation take turns: the list hides while one is open. */
  hiddenOnPhone?: boolean;
  /** The viewer is a Manager (the first-run empty state links to the widget's settings). */
  manager?: boolean;
}

export function InboxPanel({
  projectId,
  meId,
  selectedId,
  socketStatus,
  agentName,
  hiddenOnPhone,
  labels,
  manager = false,
  ...actions
}: InboxPanelProps) {
  const assignee = useInboxStore((s) => s.assignee);
  const status = useInboxStore((s) => s.status);
  const search = useInboxStore((s) => s.search);
  const chosenLabel = useInboxStore((s) => s.label);
  // A label from another project (the store outlives a project switch) or since deleted filters nothing.
  const label = labels.some((l) => l.id === chosenLabel) ? chosenLabel : null;
  const priority = useInboxStore((s) => s.priority);
  const filter = useMemo(() => ({ assignee, status, label, priority }), [assignee, status, label, priority]);
  const list = useConversations(projectId, filter, meId);
  const counts = useUnreadCounts(projectId);
  const conversations = flattenList(list.data);
  // Asked only when the unfiltered Open list is empty: has this project ever had a conversation?
  // (Unknown until first answered: the list's skeleton, not an "Inbox zero" that flips. A refetch
  // keeps the answer it had.)
  const emptyOpen =
    list.isSuccess &&
    conversations.length === 0 &&
    status === 'open' &&
    assignee === 'all' &&
    label === null &&
    priority === null;
  const anyConversation = useAnyConversation(projectId, emptyOpen);
  const firstRun =
    !emptyOpen || anyConversation.isError ? false : anyConversation.data === undefined ? null : !anyConversation.data;
  const queryClient = useQueryClient();
  const seen = conversations.length > 0;
  useEffect(() => {
    if (seen) queryClient.setQueryData(anyConversationKey(projectId), true);
  }, [seen, projectId, queryClient]);
  const searchRef = useRef<HTMLInputElement>(null);
  const searching = search.trim().length > 0;
  useInboxNavigation({ projectId, conversations, selectedId, searchRef, ...actions });

  return (
    <section
      className={cn(
        'h-full w-full shrink-0 flex-col border-r border-slate-200 bg-white md:flex md:w-[22rem]',
        hiddenOnPhone ? 'hidden' : 'flex',
      )}
      aria-label="Inbox"
    >
      <div className="border-b border-slate-200 px-4 pt-4 pb-3">
        <InboxHeading socketStatus={socketStatus} />
        <InboxSearchField inputRef={searchRef} />
        {!searching && <AssigneeTabs counts={counts} />}
        <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1">
          {!searching && <StatusPills />}
          {labels.length > 0 && <LabelFilter labels={labels} value={label} />}
          {!searching && <PriorityFilter value={priority} className={labels.length > 0 ? undefined : 'ml-auto'} />}
        </div>
      </div>
      <div className="scroll-thin min-h-0 flex-1 overflow-y-auto">
        {searching ? (
          <SearchResults projectId={projectId} q={search} label={label} />
        ) : (
          <ConversationList
            list={list}
            conversations={conversations}
            status={status}
            projectId={projectId}
            selectedId={selectedId}
            assigneeName={(id) => (id ? (id === meId ? 'You' : agentName(id)) : null)}
            labels={labels}
            filtered={label !== null || priority !== null}
            mentions={assignee === 'mentions'}
            firstRun={firstRun}
            manager={manager}
          />
        )}
      </div>
      <ShortcutSheet />
    </section>
  );
}
