// The priority change: applied to the thread optimistically, and its answer written into the
// cached inbox rows (the room's frames never carry priority).
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { applyChange, writePriorityToLists } from './update-conversation.ts';

const c = (id: string, over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id,
  projectId: 'p1',
  status: 'open',
  snoozedUntil: null,
  assigneeId: null,
  visitor: { id: 'v', name: 'Vic', email: null, verified: false },
  lastActivityAt: '2026-11-30T12:00:00.000Z',
  lastMessageAt: null,
  lastMessagePreview: null,
  lastSeq: 0,
  unreadByAgent: 0,
  unreadByVisitor: 0,
  createdAt: '2026-11-30T12:00:00.000Z',
  revision: 1,
  ...over,
});

describe('a priority change', () => {
  it('sets and clears the priority and nothing else', () => {
    const before = c('x', { priority: null, labelIds: ['l1'] });
    expect(applyChange(before, { kind: 'priority', priority: 'urgent' })).toEqual({ ...before, priority: 'urgent' });
    expect(applyChange({ ...before, priority: 'high' }, { kind: 'priority', priority: null }).priority).toBeNull();
  });

  it('writes the answer into every cached list of the project, only on that conversation', () => {
    const qc = new QueryClient();
    const key = ['projects', 'p1', 'conversations', 'list', { assignee: 'all', status: 'open' }];
    const other = ['projects', 'p2', 'conversations', 'list', { assignee: 'all', status: 'open' }];
    const page = { conversations: [c('x'), c('y', { priority: 'low' })], nextCursor: null };
    qc.setQueryData(key, { pages: [page], pageParams: [null] });
    qc.setQueryData(other, { pages: [{ conversations: [c('x')], nextCursor: null }], pageParams: [null] });
    writePriorityToLists(qc, 'p1', 'x', 'urgent');
    type Pages = { pages: { conversations: ConversationSummary[] }[] };
    expect(qc.getQueryData<Pages>(key)?.pages[0]?.conversations.map((v) => v.priority)).toEqual(['urgent', 'low']);
    expect(qc.getQueryData<Pages>(other)?.pages[0]?.conversations[0]?.priority).toBeUndefined();
  });
});
