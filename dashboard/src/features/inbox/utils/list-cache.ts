// Pure functions that keep a cached conversation list true to live events: does a conversation
// belong in a filtered list, and where does an updated one go (lists sort newest activity first).
import type { ConversationStatus } from '../../../../../contract/enums.ts';
import type { ConversationPage } from '../../../../../contract/rest/conversations.ts';
import { matchesPriority, type PriorityFilter } from '../../../lib/priority.ts';
import { activityAt, type ConversationSummary, keepLabels } from '../../../lib/protocol.ts';

/**
 * `mentions`: conversations with a private note that mentions me (`?mentioned=true`). No live frame
 * says whether a conversation mentions me, so that list only keeps and updates what the server
 * listed; a `mention` frame refetches it.
 */
export type AssigneeFilter = 'mine' | 'unassigned' | 'all' | 'mentions';
export type StatusFilter = ConversationStatus;

export interface ListFilter {
  assignee: AssigneeFilter;
  status: StatusFilter;
  /** Only conversations carrying this label; null or absent: any. */
  label?: string | null;
  /** Only conversations of this priority (`none`: without one); null or absent: any. */
  priority?: PriorityFilter | null;
}

export type { ConversationPage };

export interface PagedList {
  pages: ConversationPage[];
  pageParams: unknown[];
}

/** `listed`: the conversation is already in the list being updated (the Mentions list keeps only those). */
export function matchesFilter(
  c: ConversationSummary,
  filter: ListFilter,
  meId: string | null,
  listed = false,
): boolean {
  if (c.status !== filter.status) return false;
  // Labels not told (undefined) are not known to match.
  if (filter.label && !c.labelIds?.includes(filter.label)) return false;
  // So is a priority not told (upsertConversation has already kept a cached one's).
  if (!matchesPriority(c.priority, filter.priority)) return false;
  if (filter.assignee === 'mentions') return listed;
  if (filter.assignee === 'mine') return meId !== null && c.assigneeId === meId;
  if (filter.assignee === 'unassigned') return c.assigneeId === null;
  return true;
}

/** Newest activity first, then id descending: the server's order. */
export function compareConversations(a: ConversationSummary, b: ConversationSummary): number {
  const byTime = activityAt(b).localeCompare(activityAt(a));
  return byTime !== 0 ? byTime : b.id.localeCompare(a.id);
}

/**
 * The list after `c` changed: removed where it no longer belongs, placed in order where it does.
 * A conversation older than everything loaded stays out while more pages remain (it arrives when
 * the list scrolls that far).
 */
export function upsertConversation(
  list: PagedList,
  update: ConversationSummary,
  filter: ListFilter,
  meId: string | null,
): PagedList {
  const known = list.pages.flatMap((page) => page.conversations).find((x) => x.id === update.id);
  // A copy older than the one held (a push delayed behind a fetch or a newer push) changes nothing.
  if (known && known.revision > update.revision) return list;
  const c = keepLabels(update, known);
  const pages = list.pages.map((page) => ({
    ...page,
    conversations: page.conversations.filter((x) => x.id !== c.id),
  }));
  if (matchesFilter(c, filter, meId, known !== undefined) && pages.length > 0) {
    let target = pages.findIndex((page) => {
      const last = page.conversations.at(-1);
      return last !== undefined && compareConversations(c, last) <= 0;
    });
    const lastPage = pages.at(-1);
    if (target === -1 && lastPage && lastPage.nextCursor === null) target = pages.length - 1;
    const page = pages[target];
    if (page) {
      page.conversations = [...page.conversations, c].sort(compareConversations);
    }
  }
  return { ...list, pages };
}

export function flattenList(list: PagedList | undefined): ConversationSummary[] {
  return list?.pages.flatMap((page) => page.conversations) ?? [];
}

/**
 * A page just fetched, with the copies pushed while it travelled put in (each only where it is
 * newer than the fetched copy, or missing from it): the fetch may have read Postgres before them.
 */
export function reconcilePage(
  page: ConversationPage,
  pushed: readonly ConversationSummary[],
  filter: ListFilter,
  meId: string | null,
): ConversationPage {
  let list: PagedList = { pages: [page], pageParams: [null] };
  for (const c of pushed) list = upsertConversation(list, c, filter, meId);
  return list.pages[0] ?? page;
}
