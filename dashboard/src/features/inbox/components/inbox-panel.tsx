// The inbox column: assignee tabs with unread counts, the status and label filters, search, the live list
// and the keyboard shortcuts that move through it. Checked rows bring the bulk action bar over the
// header; the checks are cleared when the list's filter, the search or the project changes, and
// rows that leave the list leave the selection.
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
import { useSelectionStore } from '../stores/selection-store.ts';
import { flattenList } from '../utils/list-cache.ts';
import { AssigneeTabs } from './assignee-tabs.tsx';
import { BulkActionBar, type BulkMenus } from './bulk-action-bar.tsx';
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
  /** The bulk action bar's Snooze, Assign and Label menus (other features' pieces). */
  bulkMenus: BulkMenus;
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
  bulkMenus,
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

  const checkedIds = useSelectionStore((s) => s.ids);
  const selecting = useSelectionStore((s) => s.selecting);
  const selection = useSelectionStore.getState();
  // Another list, a search or another project: the checks were for rows no longer shown.
  // biome-ignore lint/correctness/useExhaustiveDependencies: these are what clear it
  useEffect(() => useSelectionStore.getState().clear(), [projectId, assignee, status, label, priority, searching]);
  // A row that left the list (resolved by a teammate, a bulk change that worked) leaves the selection.
  const order = conversations.map((c) => c.id);
  const orderKey = order.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: orderKey stands for order
  useEffect(() => {
    if (list.isSuccess) useSelectionStore.getState().prune(order);
  }, [orderKey, list.isSuccess]);
  const barShown = !searching && (checkedIds.length > 0 || selecting);
  const listRef = useRef<HTMLDivElement>(null);
  // Focus back into the list: the open conversation's row, else the first one, else the list itself.
  const focusList = () => {
    const box = listRef.current;
    const row = box?.querySelector<HTMLElement>('a[aria-current="page"]') ?? box?.querySelector<HTMLElement>('a[href]');
    (row ?? box)?.focus();
  };

  return (
    <section
      className={cn(
        'h-full w-full shrink-0 flex-col border-r border-slate-200 bg-white md:flex md:w-[22rem]',
        hiddenOnPhone ? 'hidden' : 'flex',
      )}
      aria-label="Inbox"
    >
      {/* The bar lies over the header, which keeps its height: the rows stay under the pointer. */}
      <div className="relative">
        <div className={cn('border-b border-slate-200 px-4 pt-4 pb-3', barShown && 'invisible')} inert={barShown}>
          <InboxHeading socketStatus={socketStatus} canSelect={!searching && conversations.length > 0} />
          <InboxSearchField inputRef={searchRef} />
          {!searching && <AssigneeTabs counts={counts} />}
          <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1">
            {!searching && <StatusPills />}
            {labels.length > 0 && <LabelFilter labels={labels} value={label} />}
            {/* The filters wrap under the status pills in the 22rem column, starting at its left. */}
            {!searching && <PriorityFilter value={priority} />}
          </div>
        </div>
        {barShown && (
          <BulkActionBar
            className="absolute inset-0 z-20"
            projectId={projectId}
            meId={meId}
            status={status}
            conversations={conversations}
            labels={labels}
            agentName={agentName}
            menus={bulkMenus}
            onLeave={focusList}
          />
        )}
      </div>
      <div ref={listRef} tabIndex={-1} className="scroll-thin min-h-0 flex-1 overflow-y-auto outline-none">
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
            checkedIds={checkedIds}
            checkboxes={barShown}
            onCheck={(id, range) => (range ? selection.extendTo(id, order) : selection.toggle(id))}
          />
        )}
      </div>
      <ShortcutSheet />
    </section>
  );
}
