// The inbox column: assignee tabs with unread counts, the status filter, search, the live list
// and the keyboard shortcuts that move through it.
import { useEffect, useMemo, useRef } from 'react';
import { CountPill } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { CircleCheckIcon, InboxIcon, KeyboardIcon, SearchIcon, XIcon } from '../../../components/ui/icons.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import { cn } from '../../../lib/cn.ts';
import { navigate } from '../../../lib/router.tsx';
import type { SocketStatus } from '../../../lib/ws-client.ts';
import { useConversations } from '../api/get-conversations.ts';
import { useUnreadCounts } from '../api/get-unread-counts.ts';
import { useInboxShortcuts } from '../hooks/use-inbox-shortcuts.ts';
import { useInboxStore } from '../stores/inbox-store.ts';
import { type AssigneeFilter, flattenList, type StatusFilter } from '../utils/list-cache.ts';
import { ConversationListItem, ConversationListSkeleton } from './conversation-list-item.tsx';
import { SearchResults } from './search-results.tsx';
import { ShortcutSheet } from './shortcut-sheet.tsx';

const ASSIGNEE_TABS: { id: AssigneeFilter; label: string }[] = [
  { id: 'mine', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'all', label: 'All' },
];

const STATUSES: { id: StatusFilter; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'pending', label: 'Pending' },
  { id: 'snoozed', label: 'Snoozed' },
  { id: 'resolved', label: 'Resolved' },
];

const EMPTY_COPY: Record<StatusFilter, { title: string; description: string }> = {
  open: {
    title: 'Inbox zero',
    description: 'No open conversations here. New ones appear the moment a visitor writes.',
  },
  pending: { title: 'Nothing pending', description: 'Conversations waiting on the visitor show up here.' },
  snoozed: { title: 'Nothing snoozed', description: 'Snoozed conversations come back to Open when their time is up.' },
  resolved: { title: 'No resolved conversations', description: 'Resolved conversations are kept here.' },
};

export interface InboxPanelProps {
  projectId: string;
  meId: string | null;
  selectedId: string | null;
  socketStatus: SocketStatus;
  agentName: (id: string) => string | null;
  onResolve: (conversationId: string) => void;
  onAssignToMe: (conversationId: string) => void;
  onReply: () => void;
}

export function InboxPanel({
  projectId,
  meId,
  selectedId,
  socketStatus,
  agentName,
  onResolve,
  onAssignToMe,
  onReply,
}: InboxPanelProps) {
  const { assignee, status, search, setAssignee, setStatus, setSearch, setShortcutsOpen } = useInboxStore();
  const filter = useMemo(() => ({ assignee, status }), [assignee, status]);
  const list = useConversations(projectId, filter);
  const counts = useUnreadCounts(projectId);
  const conversations = flattenList(list.data);
  const searchRef = useRef<HTMLInputElement>(null);
  const searching = search.trim().length > 0;

  const move = (delta: number) => {
    if (conversations.length === 0) return;
    const index = conversations.findIndex((c) => c.id === selectedId);
    const nextIndex = index === -1 ? 0 : Math.min(conversations.length - 1, Math.max(0, index + delta));
    const next = conversations[nextIndex];
    if (next) navigate(paths.conversation(projectId, next.id));
  };

  useInboxShortcuts({
    next: () => move(1),
    previous: () => move(-1),
    resolve: () => {
      if (!selectedId) return;
      // Resolving moves on to the next conversation, as in every triage tool.
      const index = conversations.findIndex((c) => c.id === selectedId);
      const next = conversations[index + 1] ?? conversations[index - 1];
      onResolve(selectedId);
      if (next && next.id !== selectedId) navigate(paths.conversation(projectId, next.id));
    },
    assignToMe: () => {
      if (selectedId) onAssignToMe(selectedId);
    },
    reply: onReply,
    search: () => searchRef.current?.focus(),
    help: () => setShortcutsOpen(!useInboxStore.getState().shortcutsOpen),
  });

  // Keep the selected row in view as j/k move through a long list.
  useEffect(() => {
    if (!selectedId) return;
    document.querySelector(`[data-conversation-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <section className="flex h-full w-[22rem] shrink-0 flex-col border-r border-slate-200 bg-white" aria-label="Inbox">
      <div className="border-b border-slate-200 px-4 pt-4 pb-3">
        <div className="flex items-center justify-between">
          <h1 className="flex items-center gap-2 text-base font-semibold text-slate-900">
            Inbox
            <ConnectionDot status={socketStatus} />
          </h1>
          <button
            type="button"
            onClick={() => setShortcutsOpen(true)}
            className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-600"
            title="Keyboard shortcuts (?)"
            aria-label="Keyboard shortcuts"
          >
            <KeyboardIcon size={16} />
          </button>
        </div>
        <div className="relative mt-3">
          <SearchIcon
            size={15}
            className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-slate-400"
          />
          <input
            ref={searchRef}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setSearch('');
                e.currentTarget.blur();
              }
            }}
            placeholder="Search messages"
            aria-label="Search messages"
            className="block w-full rounded-lg border-0 bg-slate-100 py-2 pr-8 pl-9 text-sm text-slate-900 placeholder:text-slate-400 focus:bg-white focus:ring-2 focus:ring-brand-600"
          />
          {searching && (
            <button
              type="button"
              onClick={() => setSearch('')}
              className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-0.5 text-slate-400 hover:text-slate-600"
              aria-label="Clear search"
            >
              <XIcon size={14} />
            </button>
          )}
        </div>
        {!searching && (
          <>
            <div className="mt-3 flex gap-1 rounded-lg bg-slate-100 p-0.5" role="tablist" aria-label="Assignee">
              {ASSIGNEE_TABS.map((tab) => (
                <button
                  key={tab.id}
                  type="button"
                  role="tab"
                  aria-selected={assignee === tab.id}
                  onClick={() => setAssignee(tab.id)}
                  className={cn(
                    'flex flex-1 items-center justify-center gap-1.5 rounded-md px-2 py-1.5 text-xs font-medium transition-colors',
                    assignee === tab.id ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-500 hover:text-slate-700',
                  )}
                >
                  {tab.label}
                  {counts && <CountPill count={counts[tab.id]} className="h-4 min-w-4 px-1 text-[10px]" />}
                </button>
              ))}
            </div>
            <div className="mt-2 flex gap-1">
              {STATUSES.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  aria-pressed={status === s.id}
                  onClick={() => setStatus(s.id)}
                  className={cn(
                    'rounded-full px-2.5 py-1 text-xs font-medium transition-colors',
                    status === s.id
                      ? 'bg-slate-900 text-white'
                      : 'text-slate-500 hover:bg-slate-100 hover:text-slate-700',
                  )}
                >
                  {s.label}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
      <div className="scroll-thin min-h-0 flex-1 overflow-y-auto">
        {searching ? (
          <SearchResults projectId={projectId} q={search} />
        ) : list.isPending ? (
          <ConversationListSkeleton />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : conversations.length === 0 ? (
          <EmptyState
            icon={status === 'open' ? <CircleCheckIcon /> : <InboxIcon />}
            title={EMPTY_COPY[status].title}
            description={EMPTY_COPY[status].description}
          />
        ) : (
          <ul data-testid="conversation-list">
            {conversations.map((c) => (
              <ConversationListItem
                key={c.id}
                conversation={c}
                projectId={projectId}
                selected={c.id === selectedId}
                assigneeName={c.assigneeId ? (c.assigneeId === meId ? 'You' : agentName(c.assigneeId)) : null}
              />
            ))}
            {list.hasNextPage && (
              <li className="p-3 text-center">
                <Button
                  variant="ghost"
                  size="sm"
                  busy={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  Load more
                </Button>
              </li>
            )}
          </ul>
        )}
      </div>
      <ShortcutSheet />
    </section>
  );
}

function ConnectionDot({ status }: { status: SocketStatus }) {
  const label = status === 'open' ? 'Live' : status === 'offline' || status === 'closed' ? 'Offline' : 'Reconnecting…';
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 rounded-full px-1.5 py-0.5 text-[10px] font-medium',
        status === 'open' ? 'bg-emerald-50 text-emerald-700' : 'bg-amber-50 text-amber-700',
      )}
      data-testid="inbox-connection"
      data-status={status}
    >
      <span
        className={cn('size-1.5 rounded-full', status === 'open' ? 'bg-emerald-500' : 'animate-pulse bg-amber-500')}
      />
      {label}
    </span>
  );
}
