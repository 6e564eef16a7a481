// A bulk change's answer written into a real query cache: the lists, as live pushes are, and the
// open conversation.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { applyBulkResult } from './apply-bulk-result.ts';
import { listsKey } from './apply-inbox-frame.ts';
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
  unreadByAgent: 0,
  unreadByVisitor: 0,
  createdAt: '2026-11-30T12:00:00.000Z',
  revision: 1,
  ...over,
});

const listOf = (...conversations: ConversationSummary[]): PagedList => ({
  pages: [{ conversations, nextCursor: null }],
  pageParams: [null],
});
const ids = (qc: QueryClient, key: unknown[]) =>
  qc.getQueryData<PagedList>(key)?.pages.flatMap((p) => p.conversations.map((x) => x.id));

describe('applyBulkResult', () => {
  const open = [...listsKey('p1'), { assignee: 'all', status: 'open' }];
  const resolved = [...listsKey('p1'), { assignee: 'all', status: 'resolved' }];
  const labelled = [...listsKey('p1'), { assignee: 'all', status: 'open', label: 'l1' }];

  it('moves resolved conversations from Open to Resolved and leaves a failed one where it was', () => {
    const qc = new QueryClient();
    qc.setQueryData(open, listOf(c('a'), c('b'), c('c')));
    qc.setQueryData(resolved, listOf());
    applyBulkResult(qc, 'p1', 'me', {
      // `b` failed: the answer carries it unchanged.
      conversations: [c('a', { status: 'resolved', revision: 2 }), c('b'), c('c', { status: 'resolved', revision: 2 })],
    });
    expect(ids(qc, open)).toEqual(['b']);
    expect(ids(qc, resolved)).toEqual(['c', 'a']);
  });

  it('puts newly labelled conversations into a label-filtered list', () => {
    const qc = new QueryClient();
    qc.setQueryData(open, listOf(c('a'), c('b')));
    qc.setQueryData(labelled, listOf());
    applyBulkResult(qc, 'p1', 'me', { conversations: [c('a', { labelIds: ['l1'], revision: 2 })] });
    expect(ids(qc, labelled)).toEqual(['a']);
    const a = qc.getQueryData<PagedList>(open)?.pages[0]?.conversations.find((x) => x.id === 'a');
    expect(a?.labelIds).toEqual(['l1']);
  });

  it("updates the open conversation's header, unless a newer copy is held", () => {
    const qc = new QueryClient();
    const detail = ['projects', 'p1', 'conversations', 'detail', 'a'];
    qc.setQueryData(detail, { conversation: c('a', { labelIds: ['l1'] }), messages: [] });
    applyBulkResult(qc, 'p1', 'me', { conversations: [c('a', { assigneeId: 'u2', revision: 2 })] });
    const held = qc.getQueryData<{ conversation: ConversationSummary; messages: unknown[] }>(detail);
    expect(held?.conversation.assigneeId).toBe('u2');
    // An answer without labels keeps the ones known; the rest of the thread is untouched.
    expect(held?.conversation.labelIds).toEqual(['l1']);
    expect(held?.messages).toEqual([]);
    applyBulkResult(qc, 'p1', 'me', { conversations: [c('a', { assigneeId: null, revision: 1 })] });
    expect(qc.getQueryData<{ conversation: ConversationSummary }>(detail)?.conversation.assigneeId).toBe('u2');
  });

  it("ignores another project's conversation", () => {
    const qc = new QueryClient();
    qc.setQueryData(open, listOf());
    applyBulkResult(qc, 'p1', 'me', { conversations: [c('x', { projectId: 'p2' })] });
    expect(ids(qc, open)).toEqual([]);
  });
});
