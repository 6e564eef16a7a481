// The cached thread under every order of events: live messages, resume replays, acks before or
// after our own echo, retries — committed messages stay seq-ordered and unique, and an optimistic
// send becomes exactly one message.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../lib/protocol.ts';
import {
  addPending,
  applyAck,
  applyDeletion,
  applyMessage,
  canDelete,
  maxSeq,
  mergeMessages,
  newestVisitorSeq,
  setPendingState,
  startsGroup,
  type Thread,
  visitorReadSeqFrom,
} from './thread.ts';

const me = { kind: 'agent' as const, id: 'agent-1', name: 'Ana' };

function msg(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientId: null,
    author: { kind: 'visitor', id: 'v1', name: 'Vic' },
    body: `message ${seq}`,
    private: false,
    attachment: null,
    createdAt: new Date(Date.UTC(2026, 10, 30, 12, 0, seq)).toISOString(),
    ...over,
  };
}

function thread(messages: Message[] = []): Thread {
  return {
    conversation: {
      id: 'c1',
      projectId: 'p1',
      status: 'open',
      snoozedUntil: null,
      assigneeId: null,
      visitor: { id: 'v1', name: 'Vic', email: null, verified: false },
      lastActivityAt: '2026-11-30T12:00:00.000Z',
      lastMessageAt: null,
      lastMessagePreview: null,
      lastSeq: messages.at(-1)?.seq ?? 0,
      unreadByAgent: 0,
      unreadByVisitor: 0,
      createdAt: '2026-11-30T12:00:00.000Z',
      revision: 1,
    },
    messages,
    hasMoreBefore: false,
    visitorReadSeq: 0,
    pending: [],
  };
}

const pending = (clientId: string, body = 'hello') => ({
  clientId,
  body,
  private: false,
  createdAt: '2026-11-30T12:01:00.000Z',
  revision: 1,
  state: 'sending' as const,
});

describe('thread', () => {
  it('keeps messages in seq order without duplicates, whatever order they arrive in', () => {
    let t = thread([msg(1), msg(2)]);
    t = applyMessage(t, msg(5));
    t = applyMessage(t, msg(3));
    t = applyMessage(t, msg(3));
    t = applyMessage(t, msg(4));
    expect(t.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(t.conversation.lastSeq).toBe(5);
    expect(maxSeq(t)).toBe(5);
  });

  it('merges a resume replay overlapping what is held, and older history before it', () => {
    const held = [msg(3), msg(4)];
    expect(mergeMessages(held, [msg(4), msg(5), msg(6)]).map((m) => m.seq)).toEqual([3, 4, 5, 6]);
    expect(mergeMessages(held, [msg(1), msg(2)]).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(mergeMessages(held, [msg(3)])).toBe(held);
  });

  it('turns an ack into our message, once, even when the echo came first', () => {
    const ack = { clientId: 'k1', seq: 3, messageId: 'm3', createdAt: '2026-11-30T12:01:01.000Z' };
    const echo = msg(3, { clientId: 'k1', author: me, body: 'hello' });

    const ackFirst = applyMessage(applyAck(addPending(thread([msg(1), msg(2)]), pending('k1')), ack, me), echo);
    const echoFirst = applyAck(applyMessage(addPending(thread([msg(1), msg(2)]), pending('k1')), echo), ack, me);
    for (const t of [ackFirst, echoFirst]) {
      expect(t.pending).toEqual([]);
      expect(t.messages.map((m) => [m.seq, m.body, m.author.kind])).toEqual([
        [1, 'message 1', 'visitor'],
        [2, 'message 2', 'visitor'],
        [3, 'hello', 'agent'],
      ]);
    }
  });

  it("keeps a note's mentions when its ack turns it into a message", () => {
    const ack = { clientId: 'k2', seq: 2, messageId: 'm2', createdAt: '2026-11-30T12:01:01.000Z' };
    const note = { ...pending('k2', '@Bo look'), private: true, mentions: ['u-bo'] };
    const t = applyAck(addPending(thread([msg(1)]), note), ack, me);
    expect(t.messages.at(-1)).toMatchObject({ seq: 2, private: true, mentions: ['u-bo'] });
    const plain = applyAck(addPending(thread([msg(1)]), pending('k3')), { ...ack, clientId: 'k3' }, me);
    expect(plain.messages.at(-1)).not.toHaveProperty('mentions');
  });

  it('a retried send that was already committed still yields one message', () => {
    let t = addPending(thread([msg(1)]), pending('k1'));
    // The resume replays the committed message (with its clientId) before the retry's ack.
    t = applyMessage(t, msg(2, { clientId: 'k1', author: me, body: 'hello' }));
    t = applyAck(t, { clientId: 'k1', seq: 2, messageId: 'm2', createdAt: 'x' }, me);
    expect(t.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(t.pending).toEqual([]);
  });

  it('marks a refused send failed, keeping its text for a retry', () => {
    let t = addPending(thread(), pending('k1', 'keep me'));
    t = setPendingState(t, 'k1', 'failed', 'Message too long');
    expect(t.pending).toEqual([{ ...pending('k1', 'keep me'), state: 'failed', error: 'Message too long' }]);
    t = setPendingState(t, 'k1', 'sending');
    expect(t.pending[0]).not.toHaveProperty('error');
    expect(setPendingState(t, 'unknown', 'failed')).toBe(t);
  });

  it('derives how far the visitor has read from their unread count', () => {
    const a = (seq: number, over: Partial<Message> = {}) => msg(seq, { author: me, ...over });
    const messages = [msg(1), a(2), a(3, { private: true }), a(4), msg(5), a(6), a(7)];
    expect(visitorReadSeqFrom(messages, 0)).toBe(7);
    expect(visitorReadSeqFrom(messages, 1)).toBe(6);
    expect(visitorReadSeqFrom(messages, 2)).toBe(5);
    // The private note does not count: two of the older public agent messages are 2 and 4.
    expect(visitorReadSeqFrom(messages, 3)).toBe(3);
    expect(visitorReadSeqFrom(messages, 9)).toBe(0);
  });

  it('finds the newest visitor message (what an agent has read) and groups consecutive messages', () => {
    const agentMsg = msg(3, { author: me });
    expect(newestVisitorSeq(thread([msg(1), msg(2), agentMsg]))).toBe(2);
    expect(newestVisitorSeq(thread([agentMsg]))).toBe(0);
    expect(startsGroup(undefined, msg(1))).toBe(true);
    expect(startsGroup(msg(1), msg(2))).toBe(false);
    expect(startsGroup(msg(2), agentMsg)).toBe(true);
    expect(startsGroup(msg(1), msg(2, { private: true }))).toBe(true);
    expect(startsGroup(msg(1), msg(2, { createdAt: '2026-11-30T13:00:00.000Z' }))).toBe(true);
  });
});

describe('deleted messages', () => {
  it('become tombstones live, from a replay, and never come back', () => {
    let t = thread([msg(1), msg(2)]);
    t = applyDeletion(t, { messageId: 'm1', deletedAt: '2026-12-01T00:00:00.000Z' });
    expect(t.messages[0]).toMatchObject({
      id: 'm1',
      body: '',
      attachment: null,
      deletedAt: '2026-12-01T00:00:00.000Z',
    });
    expect(applyDeletion(t, { messageId: 'unknown', deletedAt: 'x' })).toBe(t);
    // A resume replays message 2 as a tombstone: it replaces the copy held.
    t = applyMessage(t, msg(2, { body: '', deletedAt: '2026-12-01T00:01:00.000Z' }));
    expect(t.messages[1]?.deletedAt).toBe('2026-12-01T00:01:00.000Z');
    // An older copy with the text arriving later does not undo it.
    t = applyMessage(t, msg(1));
    expect(t.messages[0]?.body).toBe('');
  });

  it('lets an agent delete any visitor message and their own within the window only', () => {
    const now = Date.parse('2026-11-30T12:05:00.000Z');
    const visitorOld = msg(1, { createdAt: '2020-01-01T00:00:00.000Z' });
    const mine = msg(2, { author: me });
    const colleague = msg(3, { author: { kind: 'agent', id: 'agent-2', name: 'Bo' } });
    expect(canDelete(visitorOld, me.id, 0, now)).toBe(true);
    expect(canDelete(mine, me.id, 15, now)).toBe(true);
    expect(canDelete(mine, me.id, 0, now)).toBe(false);
    expect(canDelete(mine, me.id, 1, now)).toBe(false);
    expect(canDelete(colleague, me.id, 15, now)).toBe(false);
    expect(canDelete(msg(4, { author: { kind: 'system' } }), me.id, 15, now)).toBe(false);
    expect(canDelete({ ...visitorOld, deletedAt: 'x' }, me.id, 15, now)).toBe(false);
  });
});
