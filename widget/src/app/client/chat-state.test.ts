// The visitor's conversation state merges live, replayed and acknowledged messages by seq and
// clientId: nothing shown twice, nothing out of order, resume point never past a gap.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../../contract/frames.ts';
import {
  acknowledge,
  addPending,
  applyDeletion,
  canDelete,
  currentAgent,
  emptyChat,
  markRead,
  receiveMessage,
  sendState,
  setPending,
  setTyping,
  unreadCount,
} from './chat-state.ts';

const visitor = { kind: 'visitor' as const, id: 'v1', name: 'Vic' };
const agent = { kind: 'agent' as const, id: 'a1', name: 'Ada', avatarUrl: 'https://x.test/a.png' };

const msg = (seq: number, over: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  clientId: null,
  author: agent,
  body: `body ${seq}`,
  private: false,
  attachment: null,
  createdAt: `2026-01-01T00:00:0${seq % 10}Z`,
  ...over,
});

describe('receiveMessage', () => {
  it('keeps messages in seq order whatever order they arrive in, and ignores duplicates', () => {
    let s = emptyChat();
    for (const seq of [2, 1, 3, 2, 1]) s = receiveMessage(s, msg(seq));
    expect(s.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(s.watermark).toBe(3);
  });

  it('does not move the resume point past a gap', () => {
    let s = receiveMessage(emptyChat(), msg(1));
    s = receiveMessage(s, msg(3));
    expect(s.watermark).toBe(1);
    s = receiveMessage(s, msg(2));
    expect(s.watermark).toBe(3);
  });

  it('keeps the attachment a message carries', () => {
    const attachment = {
      id: 'f1',
      name: 'invoice.pdf',
      contentType: 'application/pdf',
      size: 2048,
      url: '/api/attachments/m1?sig=x',
    };
    const s = receiveMessage(emptyChat(), msg(1, { body: '', attachment }));
    expect(s.messages[0]?.attachment).toEqual(attachment);
  });

  it('never shows private notes', () => {
    const s = receiveMessage(emptyChat(), msg(1, { private: true }));
    expect(s.messages).toEqual([]);
  });

  it('turns the matching pending message into the committed one (broadcast before ack)', () => {
    let s = addPending(emptyChat(), { clientId: 'c-1', body: 'hi', author: visitor });
    s = receiveMessage(s, msg(1, { clientId: 'c-1', author: visitor, body: 'hi' }));
    expect(s.pending).toEqual([]);
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]?.key).toBe('c-1');
    // The late ack changes nothing.
    const after = acknowledge(s, { clientId: 'c-1', seq: 1, messageId: 'm1', createdAt: 'x' });
    expect(after.messages).toHaveLength(1);
    expect(after.pending).toEqual([]);
  });

  it('stops the author typing indicator when their message lands', () => {
    let s = setTyping(emptyChat(), agent, true);
    expect(s.typing?.id).toBe('a1');
    s = receiveMessage(s, msg(1));
    expect(s.typing).toBeNull();
  });
});

describe('optimistic send', () => {
  it('moves an acknowledged message into seq order, and its replay is not a second copy', () => {
    let s = receiveMessage(emptyChat(), msg(1));
    s = addPending(s, { clientId: 'c-2', body: 'mine', author: visitor });
    const pending = s.pending[0];
    if (!pending) throw new Error('no pending message');
    expect(sendState(s, pending)).toBe('sending');
    // A group commit may ack seq 3 before seq 2 (another author's) reaches this socket.
    s = acknowledge(s, { clientId: 'c-2', seq: 3, messageId: 'm3', createdAt: 'x' });
    expect(s.messages.map((m) => m.seq)).toEqual([1, 3]);
    expect(s.watermark).toBe(1);
    s = receiveMessage(s, msg(2));
    s = receiveMessage(s, msg(3, { clientId: 'c-2', author: visitor, body: 'mine' }));
    expect(s.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(s.watermark).toBe(3);
  });

  it('reports sending, failed (with the reason), sent and read', () => {
    let s = addPending(emptyChat(), { clientId: 'c-1', body: 'x', author: visitor });
    s = setPending(s, 'c-1', 'failed', 'rate_limited');
    expect(s.pending[0]?.pending).toBe('failed');
    expect(s.pending[0]?.error).toBe('rate_limited');
    s = setPending(s, 'c-1', 'sending');
    s = acknowledge(s, { clientId: 'c-1', seq: 1, messageId: 'm1', createdAt: 'x' });
    const mine = s.messages[0];
    if (!mine) throw new Error('no message');
    expect(sendState(s, mine)).toBe('sent');
    s = markRead(s, 'agent', 1);
    expect(sendState(s, mine)).toBe('read');
  });

  it('ignores an ack for a message it does not know', () => {
    const s = emptyChat();
    expect(acknowledge(s, { clientId: 'nope', seq: 1, messageId: 'm', createdAt: 'x' })).toBe(s);
  });
});

describe('read marks and unread', () => {
  it('takes a reply as reading: an agent message marks the visitor messages before it read', () => {
    let s = addPending(emptyChat(), { clientId: 'c-1', body: 'question', author: visitor });
    s = acknowledge(s, { clientId: 'c-1', seq: 1, messageId: 'm1', createdAt: 'x' });
    const mine = s.messages[0];
    if (!mine) throw new Error('no message');
    expect(sendState(s, mine)).toBe('sent');
    s = receiveMessage(s, msg(2));
    expect(sendState(s, mine)).toBe('read');
    // And a visitor who writes has read the team's messages before.
    s = receiveMessage(s, msg(3, { author: visitor, clientId: 'c-3' }));
    expect(unreadCount(s)).toBe(0);
  });

  it('counts team messages after the visitor read mark, never the visitor own', () => {
    let s = emptyChat();
    s = receiveMessage(s, msg(1));
    s = receiveMessage(s, msg(2));
    expect(unreadCount(s)).toBe(2);
    s = markRead(s, 'visitor', 1);
    expect(unreadCount(s)).toBe(1);
    // Read marks only move forward.
    expect(markRead(s, 'visitor', 0)).toBe(s);
    s = receiveMessage(s, msg(3, { author: visitor }));
    expect(unreadCount(s)).toBe(0);
  });
});

describe('currentAgent', () => {
  it('is the last agent who wrote, else the first online one', () => {
    let s = { ...emptyChat(), agents: [{ id: 'a9', name: 'Online Olga' }] };
    expect(currentAgent(s)?.name).toBe('Online Olga');
    s = receiveMessage(s, msg(1));
    expect(currentAgent(s)).toEqual({ id: 'a1', name: 'Ada', avatarUrl: 'https://x.test/a.png' });
  });

  it('ignores a visitor typing event', () => {
    const s = emptyChat();
    expect(setTyping(s, visitor, true)).toBe(s);
  });
});

describe('deletion', () => {
  const wire = (seq: number, over: Partial<Message> = {}): Message => ({
    id: `m${seq}`,
    conversationId: 'c',
    seq,
    clientId: null,
    author: { kind: 'visitor', id: 'v' },
    body: `body ${seq}`,
    private: false,
    attachment: null,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    ...over,
  });

  it('turns a held message into a tombstone, live or from a replay, and ignores unknown ids', () => {
    let state = receiveMessage(receiveMessage(emptyChat(), wire(1)), wire(2));
    state = applyDeletion(state, { messageId: 'm1', deletedAt: '2026-01-01T00:00:00.000Z' });
    expect(state.messages[0]).toMatchObject({ body: '', attachment: null, deletedAt: '2026-01-01T00:00:00.000Z' });
    expect(applyDeletion(state, { messageId: 'nope', deletedAt: 'x' })).toBe(state);
    state = receiveMessage(state, wire(2, { body: '', deletedAt: '2026-01-02T00:00:00.000Z' }));
    expect(state.messages[1]).toMatchObject({ body: '', deletedAt: '2026-01-02T00:00:00.000Z' });
  });

  it('lets the visitor delete their own committed messages within the window only', () => {
    const state = receiveMessage(receiveMessage(emptyChat(), wire(1)), wire(2, { author: { kind: 'agent', id: 'a' } }));
    const [own, team] = state.messages;
    if (!own || !team) throw new Error('missing');
    const now = Date.now();
    expect(canDelete(own, 15, now)).toBe(true);
    expect(canDelete(own, 0, now)).toBe(false);
    expect(canDelete(own, 15, now + 15 * 60_000)).toBe(false);
    expect(canDelete(team, 15, now)).toBe(false);
    expect(canDelete({ ...own, deletedAt: 'x' }, 15, now)).toBe(false);
  });
});
