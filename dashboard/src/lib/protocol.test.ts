// The inbox frames the dashboard accepts are the contract's: a mention frame passes whole, a
// malformed one is dropped instead of reaching a screen. A summary that does not tell the labels
// or the priority keeps the ones known.
import { describe, expect, it } from 'vitest';
import { type ConversationSummary, keepLabels, parseInboxFrame } from './protocol.ts';

const mention = {
  type: 'mention',
  conversationId: 'c1',
  messageId: 'm1',
  seq: 3,
  by: { id: 'u1', name: 'Bo' },
  preview: '@Ann look at this',
};

describe('parseInboxFrame', () => {
  it('accepts a mention frame', () => {
    expect(parseInboxFrame(mention)).toEqual(mention);
    expect(parseInboxFrame({ ...mention, by: { id: 'u1' } })).toEqual({ ...mention, by: { id: 'u1' } });
  });

  it('drops a malformed mention frame', () => {
    const { messageId: _messageId, ...noId } = mention;
    expect(parseInboxFrame(noId)).toBeNull();
    expect(parseInboxFrame({ ...mention, seq: 0 })).toBeNull();
    expect(parseInboxFrame({ ...mention, by: null })).toBeNull();
    expect(parseInboxFrame('mention')).toBeNull();
  });
});

describe('keepLabels (the fields a room frame does not tell)', () => {
  const summary = (over: Partial<ConversationSummary> = {}): ConversationSummary => ({
    id: 'c1',
    projectId: 'p1',
    status: 'open',
    snoozedUntil: null,
    assigneeId: null,
    visitor: { id: 'v', name: null, email: null, verified: false },
    lastActivityAt: '2026-11-30T12:00:00.000Z',
    lastMessageAt: null,
    lastMessagePreview: null,
    lastSeq: 0,
    unreadByAgent: 0,
    unreadByVisitor: 0,
    createdAt: '2026-11-30T12:00:00.000Z',
    revision: 2,
    ...over,
  });

  it('keeps the cached priority and labels when the new summary does not tell them', () => {
    const kept = keepLabels(summary({ status: 'pending' }), summary({ priority: 'urgent', labelIds: ['l1'] }));
    expect(kept).toMatchObject({ status: 'pending', priority: 'urgent', labelIds: ['l1'] });
  });

  it('takes what the new summary tells, a cleared priority (null) included', () => {
    const previous = summary({ priority: 'urgent', labelIds: ['l1'] });
    expect(keepLabels(summary({ priority: null, labelIds: [] }), previous)).toMatchObject({
      priority: null,
      labelIds: [],
    });
    expect(keepLabels(summary({ priority: 'low' }), previous).priority).toBe('low');
  });

  it('leaves them untold when nothing was known', () => {
    const next = summary();
    expect(keepLabels(next, undefined)).toBe(next);
    expect('priority' in keepLabels(next, summary())).toBe(false);
  });

  it('accepts a pushed summary with a priority and drops one with an unknown priority', () => {
    const frame = (priority: unknown) => ({ type: 'conversation.updated', conversation: { ...summary(), priority } });
    expect(parseInboxFrame(frame('high'))).not.toBeNull();
    expect(parseInboxFrame(frame(null))).not.toBeNull();
    expect(parseInboxFrame(frame('critical'))).toBeNull();
  });
});
