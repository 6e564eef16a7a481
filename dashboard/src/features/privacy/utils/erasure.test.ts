// The data lifecycle helpers: erased conversations leave every cached page, a retention change
// keeps the other settings (minus types the route no longer accepts), and export states read well.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import {
  anyPending,
  assignmentUpdate,
  exportStatusText,
  formatBytes,
  retentionUpdate,
  withoutConversations,
} from './erasure.ts';

function conv(id: string, visitorId: string): ConversationSummary {
  const at = '2026-11-30T12:00:00.000Z';
  return {
    id,
    projectId: 'p1',
    status: 'open',
    snoozedUntil: null,
    assigneeId: null,
    visitor: { id: visitorId, name: null, email: null, verified: false },
    lastActivityAt: at,
    lastMessageAt: at,
    lastMessagePreview: 'hi',
    lastSeq: 1,
    unreadByAgent: 0,
    unreadByVisitor: 0,
    createdAt: at,
    revision: 1,
  };
}

describe('withoutConversations', () => {
  it("drops an erased visitor's conversations from every page and keeps the cursors", () => {
    const list = {
      pages: [
        { conversations: [conv('a', 'v1'), conv('b', 'v2')], nextCursor: 'c1' },
        { conversations: [conv('c', 'v1')], nextCursor: null },
      ],
      pageParams: [null, 'c1'],
    };
    const after = withoutConversations(list, (c) => c.visitor.id === 'v1');
    expect(after?.pages.map((p) => p.conversations.map((c) => c.id))).toEqual([['b'], []]);
    expect(after?.pages.map((p) => p.nextCursor)).toEqual(['c1', null]);
    expect(after?.pageParams).toEqual([null, 'c1']);
  });

  it('leaves a list not loaded yet alone', () => {
    expect(withoutConversations(undefined, () => true)).toBeUndefined();
  });
});

describe('retentionUpdate', () => {
  it('changes only the retention period and drops types no longer accepted', () => {
    const current = {
      autoAssign: 'round_robin' as const,
      attachmentMaxBytes: 2048,
      attachmentTypes: ['image/png', 'image/bmp'],
    };
    expect(retentionUpdate(current, 30)).toEqual({
      autoAssign: 'round_robin',
      attachmentMaxBytes: 2048,
      attachmentTypes: ['image/png'],
      resolvedRetentionDays: 30,
    });
    expect(retentionUpdate(current, null).resolvedRetentionDays).toBeNull();
  });
});

describe('assignmentUpdate', () => {
  it('changes only what it is given: no retention period (kept), types no longer accepted dropped', () => {
    const current = {
      autoAssign: 'off' as const,
      attachmentMaxBytes: 2048,
      attachmentTypes: ['image/png', 'image/bmp'],
    };
    expect(assignmentUpdate(current, { autoAssign: 'round_robin' })).toEqual({
      autoAssign: 'round_robin',
      attachmentMaxBytes: 2048,
      attachmentTypes: ['image/png'],
    });
    expect(assignmentUpdate({ ...current, autoAssign: 'round_robin' }, { assignOnReply: true })).toEqual({
      autoAssign: 'round_robin',
      attachmentMaxBytes: 2048,
      attachmentTypes: ['image/png'],
      assignOnReply: true,
    });
  });
});

describe('exports', () => {
  it('reads its state', () => {
    expect(exportStatusText({ status: 'pending', error: null, size: null })).toBe('Being prepared…');
    expect(exportStatusText({ status: 'ready', error: null, size: 2048 })).toBe('Ready · 2.0 KB');
    expect(exportStatusText({ status: 'failed', error: 'too_large', size: null })).toBe('Failed: too large to export');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(anyPending([{ status: 'ready' }, { status: 'pending' }])).toBe(true);
    expect(anyPending([{ status: 'failed' }])).toBe(false);
  });
});
