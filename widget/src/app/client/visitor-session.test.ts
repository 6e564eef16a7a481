// Which conversation the widget shows, and what counts as a host-signed identity.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../../contract/frames.ts';
import { isSigned, pickConversation } from './visitor-session.ts';

const conversation = (id: string, status: ConversationSummary['status'], lastMessageAt: string | null) =>
  ({ id, status, lastMessageAt, createdAt: '2026-01-01T00:00:00Z' }) as ConversationSummary;

describe('pickConversation', () => {
  it('shows the most recently active conversation that is not resolved', () => {
    expect(
      pickConversation([
        conversation('old', 'open', '2026-01-02T00:00:00Z'),
        conversation('done', 'resolved', '2026-01-05T00:00:00Z'),
        conversation('new', 'pending', '2026-01-04T00:00:00Z'),
        conversation('quiet', 'snoozed', null),
      ])?.id,
    ).toBe('new');
  });

  it('shows none when every conversation is resolved: the next message opens a new one', () => {
    expect(pickConversation([conversation('done', 'resolved', null)])).toBeUndefined();
  });
});

describe('isSigned', () => {
  it('needs both a userId and its hash', () => {
    expect(isSigned({ userId: 'u', hash: 'h' })).toBe(true);
    expect(isSigned({ userId: 'u', name: 'x' })).toBe(false);
    expect(isSigned({ name: 'x', email: 'x@y.z' })).toBe(false);
    expect(isSigned(undefined)).toBe(false);
  });
});
