// Live updates of cached inbox lists: a changed conversation leaves the lists it no longer belongs
// to and takes its place, by activity, in those it does.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { flattenList, matchesFilter, type PagedList, reconcilePage, upsertConversation } from './list-cache.ts';
import { RecentPushes } from './recent-pushes.ts';

function conv(id: string, minute: number, over: Partial<ConversationSummary> = {}): ConversationSummary {
  const at = new Date(Date.UTC(2026, 10, 30, 12, minute)).toISOString();
  return {
    id,
    projectId: 'p1',
    status: 'open',
    snoozedUntil: null,
    assigneeId: null,
    visitor: { id: `v-${id}`, name: null, email: null, verified: false },
    lastActivityAt: at,
    lastMessageAt: at,
    lastMessagePreview: 'hi',
    lastSeq: 1,
    unreadByAgent: 0,
    unreadByVisitor: 0,
    createdAt: at,
    revision: 1,
    ...over,
  };
}

const list = (pages: ConversationSummary[][], more = false): PagedList => ({
  pages: pages.map((conversations, i) => ({
    conversations,
    nextCursor: i === pages.length - 1 && !more ? null : `cursor-${i}`,
  })),
  pageParams: pages.map((_, i) => i),
});

const ids = (l: PagedList) => flattenList(l).map((c) => c.id);
const open = { assignee: 'all', status: 'open' } as const;

describe('inbox list cache', () => {
  it('matches by status and assignee', () => {
    expect(matchesFilter(conv('a', 1), open, 'me')).toBe(true);
    expect(matchesFilter(conv('a', 1, { status: 'resolved' }), open, 'me')).toBe(false);
    expect(matchesFilter(conv('a', 1, { assigneeId: 'me' }), { assignee: 'mine', status: 'open' }, 'me')).toBe(true);
    expect(matchesFilter(conv('a', 1, { assigneeId: 'other' }), { assignee: 'mine', status: 'open' }, 'me')).toBe(
      false,
    );
    expect(matchesFilter(conv('a', 1, { assigneeId: 'other' }), { assignee: 'unassigned', status: 'open' }, 'me')).toBe(
      false,
    );
  });

  it('moves a conversation with new activity to the top', () => {
    const before = list([[conv('c', 3), conv('b', 2), conv('a', 1)]]);
    expect(ids(upsertConversation(before, conv('a', 9), open, 'me'))).toEqual(['a', 'c', 'b']);
  });

  it('adds a new conversation and removes one that left the filter (e.g. resolved)', () => {
    const before = list([[conv('b', 2), conv('a', 1)]]);
    const added = upsertConversation(before, conv('n', 5), open, 'me');
    expect(ids(added)).toEqual(['n', 'b', 'a']);
    expect(ids(upsertConversation(added, conv('b', 6, { status: 'resolved' }), open, 'me'))).toEqual(['n', 'a']);
  });

  it('keeps a conversation older than everything loaded out while more pages remain', () => {
    const before = list([[conv('c', 9), conv('b', 8)]], true);
    expect(ids(upsertConversation(before, conv('old', 1), open, 'me'))).toEqual(['c', 'b']);
    const complete = list([[conv('c', 9), conv('b', 8)]]);
    expect(ids(upsertConversation(complete, conv('old', 1), open, 'me'))).toEqual(['c', 'b', 'old']);
  });

  it('places it in the right page of several, without duplicates', () => {
    const before = list(
      [
        [conv('f', 9), conv('e', 8)],
        [conv('d', 5), conv('c', 4)],
      ],
      true,
    );
    const after = upsertConversation(before, conv('e', 4.5), open, 'me');
    expect(after.pages.map((p) => p.conversations.map((c) => c.id))).toEqual([['f'], ['d', 'e', 'c']]);
  });

  it('keeps the newer copy when an older one arrives later (by revision)', () => {
    const held = list([[conv('a', 5, { revision: 4, lastMessagePreview: 'newer' })]]);
    const stale = conv('a', 1, { revision: 3, lastMessagePreview: null });
    expect(upsertConversation(held, stale, open, 'me')).toBe(held);
    const same = upsertConversation(held, conv('a', 5, { revision: 4, lastMessagePreview: 'again' }), open, 'me');
    expect(flattenList(same)[0]?.lastMessagePreview).toBe('again');
  });
});

describe('a fetched page and the pushes that arrived while it travelled', () => {
  const page = (conversations: ConversationSummary[]) => ({ conversations, nextCursor: null });

  it('puts in a newer pushed copy the fetch read too early, and a conversation it did not see yet', () => {
    // The fetch read the conversation before its first message was denormalized.
    const fetched = page([conv('a', 1, { revision: 1, lastMessagePreview: null })]);
    const pushed = [conv('a', 2, { revision: 2, lastMessagePreview: 'Hi there' }), conv('n', 3, { revision: 1 })];
    const merged = reconcilePage(fetched, pushed, open, 'me');
    expect(merged.conversations.map((c) => [c.id, c.lastMessagePreview])).toEqual([
      ['n', 'hi'],
      ['a', 'Hi there'],
    ]);
  });

  it('keeps the fetched copy when it is newer than the push, and drops one that left the filter', () => {
    const fetched = page([conv('a', 5, { revision: 7 }), conv('b', 4, { revision: 2 })]);
    const pushed = [
      conv('a', 1, { revision: 6, lastMessagePreview: 'old' }),
      conv('b', 6, { revision: 3, status: 'resolved' }),
    ];
    const merged = reconcilePage(fetched, pushed, open, 'me');
    expect(merged.conversations.map((c) => [c.id, c.revision])).toEqual([['a', 7]]);
  });
});

describe('recent pushes', () => {
  it('returns the copies pushed after a mark, the newest revision of each', () => {
    const pushes = new RecentPushes();
    pushes.remember(conv('a', 1, { revision: 1 }));
    const mark = pushes.mark();
    expect(pushes.since(mark)).toEqual([]);
    pushes.remember(conv('b', 2, { revision: 5 }));
    pushes.remember(conv('b', 1, { revision: 4 }));
    pushes.remember(conv('a', 3, { revision: 2 }));
    expect(pushes.since(mark).map((c) => [c.id, c.revision])).toEqual([
      ['b', 5],
      ['a', 2],
    ]);
  });
});

describe('label filters', () => {
  it('keeps a label-filtered list to the conversations carrying the label, and keeps labels a push does not carry', () => {
    const billing = { ...open, label: 'billing' };
    expect(matchesFilter(conv('a', 1, { labelIds: ['billing'] }), billing, 'me')).toBe(true);
    expect(matchesFilter(conv('a', 1, { labelIds: [] }), billing, 'me')).toBe(false);
    // A room's push does not say: not known to match.
    expect(matchesFilter(conv('a', 1), billing, 'me')).toBe(false);
    const before = list([[conv('a', 3, { labelIds: ['billing'] }), conv('b', 2, { labelIds: ['billing'] })]]);
    // A new message in "a", pushed without labels: it stays, with its labels.
    const after = upsertConversation(before, conv('a', 9), billing, 'me');
    expect(ids(after)).toEqual(['a', 'b']);
    expect(flattenList(after)[0]?.labelIds).toEqual(['billing']);
    // The label taken off "b": it leaves the list.
    expect(ids(upsertConversation(after, conv('b', 2, { labelIds: [] }), billing, 'me'))).toEqual(['a']);
  });
});

describe('the Mentions list', () => {
  const mentions = { assignee: 'mentions', status: 'open' } as const;

  it('keeps and updates what the server listed, and never takes in a conversation it did not list', () => {
    expect(matchesFilter(conv('a', 1), mentions, 'me')).toBe(false);
    expect(matchesFilter(conv('a', 1), mentions, 'me', true)).toBe(true);
    expect(matchesFilter(conv('a', 1, { status: 'resolved' }), mentions, 'me', true)).toBe(false);
    const before = list([[conv('b', 2), conv('a', 1)]]);
    // A new message in "a": it moves to the top with its new copy.
    const moved = upsertConversation(before, conv('a', 9, { revision: 2, lastMessagePreview: 'new' }), mentions, 'me');
    expect(ids(moved)).toEqual(['a', 'b']);
    expect(flattenList(moved)[0]?.lastMessagePreview).toBe('new');
    // A brand-new conversation, or any other one: nothing says it mentions me.
    expect(ids(upsertConversation(moved, conv('n', 10), mentions, 'me'))).toEqual(['a', 'b']);
    // Resolved: it leaves the open Mentions list.
    expect(ids(upsertConversation(moved, conv('b', 11, { status: 'resolved' }), mentions, 'me'))).toEqual(['a']);
  });

  it('takes no pushed conversation into a fetched page unless the page has it', () => {
    const fetched = { conversations: [conv('a', 1, { revision: 1 })], nextCursor: null };
    const merged = reconcilePage(fetched, [conv('a', 2, { revision: 2 }), conv('n', 3)], mentions, 'me');
    expect(merged.conversations.map((c) => [c.id, c.revision])).toEqual([['a', 2]]);
  });
});

describe('priority filters', () => {
  const urgent = { ...open, priority: 'urgent' } as const;

  it('keeps a priority-filtered list to that priority, and keeps a priority a push does not tell', () => {
    expect(matchesFilter(conv('a', 1, { priority: 'urgent' }), urgent, 'me')).toBe(true);
    expect(matchesFilter(conv('a', 1, { priority: 'low' }), urgent, 'me')).toBe(false);
    expect(matchesFilter(conv('a', 1, { priority: null }), urgent, 'me')).toBe(false);
    // Not told (a room frame's summary): not known to match.
    expect(matchesFilter(conv('a', 1), urgent, 'me')).toBe(false);
    const before = list([[conv('a', 3, { priority: 'urgent' }), conv('b', 2, { priority: 'urgent' })]]);
    // A new message in "a", pushed without its priority: it stays, still urgent, on top.
    const after = upsertConversation(before, conv('a', 9, { revision: 2 }), urgent, 'me');
    expect(ids(after)).toEqual(['a', 'b']);
    expect(flattenList(after)[0]?.priority).toBe('urgent');
    // "b" lowered to low: it leaves the list; cleared (null) would too.
    expect(ids(upsertConversation(after, conv('b', 2, { revision: 2, priority: 'low' }), urgent, 'me'))).toEqual(['a']);
    expect(ids(upsertConversation(after, conv('b', 2, { revision: 2, priority: null }), urgent, 'me'))).toEqual(['a']);
  });

  it('takes in a pushed conversation only once its priority is told to match', () => {
    const before = list([[conv('a', 3, { priority: 'urgent' })]]);
    expect(ids(upsertConversation(before, conv('n', 9), urgent, 'me'))).toEqual(['a']);
    expect(ids(upsertConversation(before, conv('n', 9, { priority: 'urgent' }), urgent, 'me'))).toEqual(['n', 'a']);
  });

  it('lists conversations without a priority under none', () => {
    const none = { ...open, priority: 'none' } as const;
    const before = list([[conv('a', 3, { priority: null })]]);
    // Set to high elsewhere: it leaves; a push without priority keeps the cached null and stays.
    expect(ids(upsertConversation(before, conv('a', 4, { revision: 2, priority: 'high' }), none, 'me'))).toEqual([]);
    expect(ids(upsertConversation(before, conv('a', 4, { revision: 2 }), none, 'me'))).toEqual(['a']);
  });

  it('keeps the cached priority in an unfiltered list too', () => {
    const before = list([[conv('a', 3, { priority: 'medium', labelIds: ['x'] })]]);
    const after = upsertConversation(before, conv('a', 9, { revision: 2 }), open, 'me');
    expect(flattenList(after)[0]).toMatchObject({ priority: 'medium', labelIds: ['x'] });
  });
});
