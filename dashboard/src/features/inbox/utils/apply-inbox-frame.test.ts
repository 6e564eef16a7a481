// ProjectInbox frames written into a real query cache: every cached list (each with its filter),
// the unread counters and presence.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { anyConversationKey } from '../api/get-any-conversation.ts';
import { applyInboxFrame, listsKey } from './apply-inbox-frame.ts';
import type { PagedList } from './list-cache.ts';

const c = (id: string, over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id,
  projectId: 'p1',
  status: 'open',
  snoozedUntil: null,
  assigneeId: null,
  visitor: { id: 'v', name: 'Vic', email: null, verified: false },
  lastActivityAt: '2026-11-30T12:00:00.000Z',
  lastMessageAt: '2026-11-30T12:00:00.000Z',
  lastMessagePreview: 'hello',
  lastSeq: 1,
  unreadByAgent: 1,
  unreadByVisitor: 0,
  createdAt: '2026-11-30T12:00:00.000Z',
  revision: 1,
  ...over,
});

const empty = (): PagedList => ({ pages: [{ conversations: [], nextCursor: null }], pageParams: [null] });

describe('applyInboxFrame', () => {
  it('puts a conversation into each cached list whose filter it matches', () => {
    const qc = new QueryClient();
    const keys = {
      allOpen: [...listsKey('p1'), { assignee: 'all', status: 'open' }],
      mine: [...listsKey('p1'), { assignee: 'mine', status: 'open' }],
      unassigned: [...listsKey('p1'), { assignee: 'unassigned', status: 'open' }],
      resolved: [...listsKey('p1'), { assignee: 'all', status: 'resolved' }],
    };
    for (const key of Object.values(keys)) qc.setQueryData(key, empty());
    applyInboxFrame(qc, 'p1', 'me', { type: 'conversation.created', conversation: c('x') });
    const count = (key: unknown[]) => qc.getQueryData<PagedList>(key)?.pages[0]?.conversations.length;
    expect([count(keys.allOpen), count(keys.mine), count(keys.unassigned), count(keys.resolved)]).toEqual([1, 0, 1, 0]);

    applyInboxFrame(qc, 'p1', 'me', { type: 'conversation.assigned', conversation: c('x', { assigneeId: 'me' }) });
    expect([count(keys.allOpen), count(keys.mine), count(keys.unassigned)]).toEqual([1, 1, 0]);
  });

  it('marks the project as having had a conversation, so its empty inbox is no longer a first run', () => {
    const qc = new QueryClient();
    qc.setQueryData(anyConversationKey('p1'), false);
    applyInboxFrame(qc, 'p2', 'me', { type: 'conversation.created', conversation: c('y', { projectId: 'p2' }) });
    expect(qc.getQueryData(anyConversationKey('p1'))).toBe(false);
    applyInboxFrame(qc, 'p1', 'me', { type: 'conversation.created', conversation: c('x') });
    expect(qc.getQueryData(anyConversationKey('p1'))).toBe(true);
  });

  it("gives the open conversation its visitor's new name and email, and its labels", () => {
    const qc = new QueryClient();
    const detail = ['projects', 'p1', 'conversations', 'detail', 'x'];
    qc.setQueryData(detail, { conversation: c('x') });
    const named = { id: 'v', name: 'Ada Lovelace', email: 'ada@example.com', verified: false };
    applyInboxFrame(qc, 'p1', 'me', { type: 'conversation.updated', conversation: c('x', { visitor: named }) });
    expect(qc.getQueryData<{ conversation: ConversationSummary }>(detail)?.conversation.visitor).toEqual(named);
    applyInboxFrame(qc, 'p1', 'me', {
      type: 'conversation.updated',
      conversation: c('x', { visitor: named, labelIds: ['l1'] }),
    });
    expect(qc.getQueryData<{ conversation: ConversationSummary }>(detail)?.conversation.labelIds).toEqual(['l1']);
  });

  it("ignores another project's conversation", () => {
    const qc = new QueryClient();
    const key = [...listsKey('p1'), { assignee: 'all', status: 'open' }];
    qc.setQueryData(key, empty());
    applyInboxFrame(qc, 'p1', 'me', { type: 'conversation.created', conversation: c('x', { projectId: 'p2' }) });
    expect(qc.getQueryData<PagedList>(key)?.pages[0]?.conversations).toEqual([]);
  });

  it('refetches only the Mentions lists when I am mentioned', async () => {
    const qc = new QueryClient();
    const mentionsKey = [...listsKey('p1'), { assignee: 'mentions', status: 'open' }];
    const allKey = [...listsKey('p1'), { assignee: 'all', status: 'open' }];
    qc.setQueryData(mentionsKey, empty());
    qc.setQueryData(allKey, empty());
    applyInboxFrame(qc, 'p1', 'me', {
      type: 'mention',
      conversationId: 'x',
      messageId: 'm1',
      seq: 3,
      by: { id: 'b', name: 'Bo' },
      preview: '@Me look',
    });
    expect(qc.getQueryState(mentionsKey)?.isInvalidated).toBe(true);
    expect(qc.getQueryState(allKey)?.isInvalidated).toBe(false);
    // The conversation is not put into any list by the frame itself.
    expect(qc.getQueryData<PagedList>(mentionsKey)?.pages[0]?.conversations).toEqual([]);
  });

  it('stores unread counters and presence', () => {
    const qc = new QueryClient();
    applyInboxFrame(qc, 'p1', 'me', { type: 'unread', counts: { mine: 1, unassigned: 2, all: 4 } });
    applyInboxFrame(qc, 'p1', 'me', { type: 'presence', agents: [{ id: 'a', name: 'Ana', status: 'online' }] });
    expect(qc.getQueryData(['projects', 'p1', 'unread'])).toEqual({ mine: 1, unassigned: 2, all: 4 });
    expect(qc.getQueryData(['projects', 'p1', 'presence'])).toEqual([{ id: 'a', name: 'Ana', status: 'online' }]);
  });
});

describe('the open conversation and its priority', () => {
  const threadKey = ['projects', 'p1', 'conversations', 'detail', 'x'];

  it('learns the priority a push tells, and keeps it when a push does not tell it', () => {
    const qc = new QueryClient();
    qc.setQueryData(threadKey, { conversation: c('x', { priority: null }), messages: [] });
    applyInboxFrame(qc, 'p1', 'me', { type: 'conversation.updated', conversation: c('x', { priority: 'urgent' }) });
    const priority = () => qc.getQueryData<{ conversation: ConversationSummary }>(threadKey)?.conversation.priority;
    expect(priority()).toBe('urgent');
    applyInboxFrame(qc, 'p1', 'me', { type: 'conversation.updated', conversation: c('x', { revision: 3 }) });
    expect(priority()).toBe('urgent');
    applyInboxFrame(qc, 'p1', 'me', { type: 'conversation.updated', conversation: c('x', { priority: null }) });
    expect(priority()).toBeNull();
  });

  it('moves a conversation between priority-filtered lists', () => {
    const qc = new QueryClient();
    const urgentKey = [...listsKey('p1'), { assignee: 'all', status: 'open', priority: 'urgent' }];
    const lowKey = [...listsKey('p1'), { assignee: 'all', status: 'open', priority: 'low' }];
    qc.setQueryData(urgentKey, empty());
    qc.setQueryData(lowKey, empty());
    const count = (key: unknown[]) => qc.getQueryData<PagedList>(key)?.pages[0]?.conversations.length;
    applyInboxFrame(qc, 'p1', 'me', { type: 'conversation.updated', conversation: c('x', { priority: 'urgent' }) });
    expect([count(urgentKey), count(lowKey)]).toEqual([1, 0]);
    applyInboxFrame(qc, 'p1', 'me', {
      type: 'conversation.updated',
      conversation: c('x', { priority: 'low', revision: 2 }),
    });
    expect([count(urgentKey), count(lowKey)]).toEqual([0, 1]);
  });
});
