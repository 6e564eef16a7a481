// The room's copy of the denormalized fields after its own commit: what the consumer will write.
import { describe, expect, it } from 'vitest';
import { withBatch } from './committed-copy.ts';
import type { RoomMessage } from './message.ts';
import type { RoomState } from './state.ts';

const state = (s: Partial<RoomState> = {}): RoomState => ({
  id: 'c',
  projectId: 'p',
  visitor: { id: 'v', name: null, email: null, verified: false },
  status: 'open',
  snoozedUntil: null,
  assigneeId: null,
  lastSeq: 3,
  lastActivityAt: new Date('2026-12-06T10:00:00Z'),
  lastMessageAt: new Date('2026-12-06T09:00:00Z'),
  lastMessagePreview: 'older',
  unreadByAgent: 1,
  unreadByVisitor: 0,
  visitorReadSeq: 1,
  agentReadSeq: 0,
  firstResponseAt: null,
  revision: 4,
  createdAt: new Date('2026-12-06T08:00:00Z'),
  resolvedAt: null,
  ...s,
});

const message = (
  seq: number,
  kind: 'visitor' | 'agent',
  body: string,
  extra: Partial<RoomMessage> = {},
): RoomMessage => ({
  id: `m${seq}`,
  seq,
  clientId: `c${seq}`,
  author: kind === 'agent' ? { kind, id: 'u', name: 'Ann' } : { kind, id: 'v' },
  body,
  private: false,
  attachment: null,
  createdAt: '2026-12-06T10:00:00.000Z',
  ...extra,
});

describe('withBatch', () => {
  it('takes the batch’s last public message as the preview, and counts the visitor’s as unread by agents', () => {
    const next = withBatch(state(), [message(2, 'visitor', '  Where is\nmy order? '), message(3, 'visitor', 'Hello?')]);
    expect(next).toMatchObject({ lastMessagePreview: 'Hello?', unreadByAgent: 3, unreadByVisitor: 0 });
    expect(next.lastMessageAt).toEqual(new Date('2026-12-06T10:00:00Z'));
  });

  it('an agent’s reply: the agents’ unread count restarts after it, the first response is set, a private note is no preview', () => {
    const base = state({ agentReadSeq: 3 });
    const next = withBatch(base, [
      message(2, 'visitor', 'Hi'),
      message(3, 'agent', 'On it'),
      message(4, 'agent', 'internal', { private: true }),
    ]);
    expect(next).toMatchObject({ lastMessagePreview: 'On it', unreadByAgent: 0, unreadByVisitor: 1 });
    expect(next.firstResponseAt).toEqual(new Date('2026-12-06T10:00:00Z'));
  });

  it('leaves the state it was given untouched', () => {
    const base = state();
    withBatch(base, [message(4, 'visitor', 'x')]);
    expect(base.lastMessagePreview).toBe('older');
  });
});
