// When the dashboard notifies: new conversations and new visitor messages in conversations that
// are unassigned or mine — not someone else's, not status changes, not resolved ones.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { decideNotification, type Seen, titleWithUnread } from './decide.ts';

const c = (over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id: 'c1',
  projectId: 'p1',
  status: 'open',
  snoozedUntil: null,
  assigneeId: null,
  visitor: { id: 'v1', name: 'Vic', email: null, verified: false },
  lastActivityAt: '2026-11-30T12:00:00.000Z',
  lastMessageAt: null,
  lastMessagePreview: 'Hello?',
  lastSeq: 1,
  unreadByAgent: 1,
  unreadByVisitor: 0,
  createdAt: '2026-11-30T12:00:00.000Z',
  revision: 1,
  ...over,
});

describe('notifications', () => {
  it('notifies a new conversation and then each new visitor message', () => {
    const seen: Seen = new Map();
    expect(decideNotification({ type: 'conversation.created', conversation: c() }, seen, 'me')).toMatchObject({
      kind: 'conversation',
      title: 'New conversation — Vic',
      body: 'Hello?',
      conversationId: 'c1',
    });
    // The same creation pushed again (a redelivered event): not a second "New conversation".
    expect(decideNotification({ type: 'conversation.created', conversation: c() }, seen, 'me')).toBeNull();
    const next = c({ lastSeq: 2, unreadByAgent: 2, lastMessagePreview: 'Anyone?' });
    expect(decideNotification({ type: 'conversation.updated', conversation: next }, seen, 'me')).toMatchObject({
      title: 'Vic',
      body: 'Anyone?',
    });
  });

  it("stays quiet for our own replies, status changes and other agents' conversations", () => {
    const seen: Seen = new Map([['c1', { unread: 1, lastSeq: 1 }]]);
    // We replied: seq moved, unread went to 0.
    expect(
      decideNotification(
        { type: 'conversation.updated', conversation: c({ lastSeq: 2, unreadByAgent: 0 }) },
        seen,
        'me',
      ),
    ).toBeNull();
    // A status change: nothing new to read.
    expect(
      decideNotification(
        { type: 'conversation.updated', conversation: c({ lastSeq: 2, unreadByAgent: 0, status: 'pending' }) },
        seen,
        'me',
      ),
    ).toBeNull();
    const other = c({ id: 'c2', assigneeId: 'someone-else', lastSeq: 5, unreadByAgent: 3 });
    expect(decideNotification({ type: 'conversation.updated', conversation: other }, seen, 'me')).toBeNull();
    expect(decideNotification({ type: 'unread', counts: { mine: 1, unassigned: 0, all: 1 } }, seen, 'me')).toBeNull();
  });

  it('tells a mention of me once per note, with who and the preview, and never my own', () => {
    const seen: Seen = new Map();
    const told = new Set<string>();
    const mention = {
      type: 'mention' as const,
      conversationId: 'c9',
      messageId: 'm1',
      seq: 4,
      by: { id: 'bo', name: 'Bo Lind' },
      preview: '@Me can you take this?',
    };
    expect(decideNotification(mention, seen, 'me', told)).toEqual({
      kind: 'mention',
      tag: 'mention:m1',
      title: 'Bo Lind mentioned you',
      body: '@Me can you take this?',
      conversationId: 'c9',
    });
    // The same note's frame again (an event redelivered): told once.
    expect(decideNotification(mention, seen, 'me', told)).toBeNull();
    // Another note in the same conversation is a new mention; a nameless author is "A teammate".
    expect(decideNotification({ ...mention, messageId: 'm2', by: { id: 'bo' } }, seen, 'me', told)).toMatchObject({
      title: 'A teammate mentioned you',
      conversationId: 'c9',
    });
    expect(
      decideNotification({ ...mention, messageId: 'm3', by: { id: 'me', name: 'Me' } }, seen, 'me', told),
    ).toBeNull();
  });

  it('puts the unread count in the title', () => {
    expect(titleWithUnread('Inbox · Parley', 0)).toBe('Inbox · Parley');
    expect(titleWithUnread('Inbox · Parley', 3)).toBe('(3) Inbox · Parley');
    expect(titleWithUnread('Inbox', 120)).toBe('(99+) Inbox');
  });
});
