// The inbox list under the filters: a skeleton while the first page loads, the error, a status's
// empty state (for a project that has never had a conversation: how the first one arrives), or
// the rows with "Load more" while older pages remain.

import type { Label } from '../../../../../contract/rest/labels.ts';
import { Button, buttonClasses } from '../../../components/ui/button.tsx';
import { CircleCheckIcon, InboxIcon } from '../../../components/ui/icons.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { Link } from '../../../lib/router.tsx';
import type { useConversations } from '../api/get-conversations.ts';
import type { StatusFilter } from '../utils/list-cache.ts';
import { ConversationListItem, ConversationListSkeleton } from './conversation-list-item.tsx';

const EMPTY_COPY: Record<StatusFilter, { title: string; description: string }> = {
  open: {
    title: 'Inbox zero',
    description: 'No open conversations here. New ones appear the moment a visitor writes.',
  },
  pending: { title: 'Nothing pending', description: 'Conversations waiting on the visitor show up here.' },
  snoozed: { title: 'Nothing snoozed', description: 'Snoozed conversations come back to Open when their time is up.' },
  resolved: { title: 'No resolved conversations', description: 'Resolved conversations are kept here.' },
};

export function ConversationList({
  list,
  conversations,
  status,
  projectId,
  selectedId,
  assigneeName,
  labels,
  filtered,
  mentions = false,
  firstRun = false,
  manager = false,
  checkedIds = [],
  checkboxes = false,
  onCheck = () => {},
}: {
  list: ReturnType<typeof useConversations>;
  conversations: ConversationSummary[];
  status: StatusFilter;
  projectId: string;
  selectedId: string | null;
  assigneeName: (assigneeId: string | null) => string | null;
  labels: readonly Label[];
  /** A label or priority filter is on: the empty state says so. */
  filtered: boolean;
  /** The Mentions list: its empty state says what lands there. */
  mentions?: boolean;
  /**
   * The project has never had a conversation: the empty state says how the first one arrives
   * (null: not known yet, the skeleton stays).
   */
  firstRun?: boolean | null;
  /** The viewer is a Manager, who can put the widget on the site (Settings → Widget). */
  manager?: boolean;
  /** Rows checked for a bulk change. */
  checkedIds?: readonly string[];
  /** Every row shows its checkbox. */
  checkboxes?: boolean;
  onCheck?: (conversationId: string, range: boolean) => void;
}) {
  const labelsById = new Map(labels.map((l) => [l.id, l]));
  if (list.isPending || (conversations.length === 0 && firstRun === null)) return <ConversationListSkeleton />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (conversations.length === 0 && firstRun) {
    return (
      <EmptyState
        icon={<InboxIcon />}
        title="Ready for your first conversation"
        description={
          manager
            ? 'Put the chat widget on your website: visitors’ messages arrive here the moment they write.'
            : 'Once a Manager puts the chat widget on your website, visitors’ messages arrive here the moment they write.'
        }
        action={
          manager && (
            <Link to={paths.widgetInstall(projectId)} className={buttonClasses('primary', 'sm')}>
              Add the widget to your site
            </Link>
          )
        }
      />
    );
  }
  if (conversations.length === 0) {
    return (
      <EmptyState
        icon={status === 'open' ? <CircleCheckIcon /> : <InboxIcon />}
        title={filtered ? 'No conversations match these filters' : mentions ? 'No mentions' : EMPTY_COPY[status].title}
        description={
          filtered
            ? 'Nothing here has this label or priority with this status and assignee.'
            : mentions
              ? `A ${status} conversation where a teammate mentions you in a private note shows up here.`
              : EMPTY_COPY[status].description
        }
      />
    );
  }
  return (
    <ul data-testid="conversation-list">
      {conversations.map((c) => (
        <ConversationListItem
          key={c.id}
          conversation={c}
          projectId={projectId}
          selected={c.id === selectedId}
          assigneeName={assigneeName(c.assigneeId)}
          labels={(c.labelIds ?? []).flatMap((id) => labelsById.get(id) ?? [])}
          checked={checkedIds.includes(c.id)}
          checkboxes={checkboxes}
          onCheck={(range) => onCheck(c.id, range)}
        />
      ))}
      {list.hasNextPage && (
        <li className="p-3 text-center">
          <Button variant="ghost" size="sm" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load more
          </Button>
        </li>
      )}
    </ul>
  );
}
