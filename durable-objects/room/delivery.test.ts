// A socket's first frames, and how a send is answered: ack by clientId, or the refusal with it.
import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../core/conversations/state.ts';
import { answerSend, type FrameSink, welcome } from './delivery.ts';

function socket() {
  const frames: unknown[] = [];
  const sink: FrameSink = { send: (frame) => frames.push(JSON.parse(String(frame))) };
  return { frames, sink };
}

describe('answerSend', () => {
  it('acks a committed send by its clientId', () => {
    const { frames, sink } = socket();
    answerSend(
      sink,
      'c1',
    )({ ok: true, seq: 4, messageId: 'm4', createdAt: '2024-01-01T00:00:00.000Z', duplicate: true });
    expect(frames).toEqual([
      { type: 'ack', clientId: 'c1', seq: 4, messageId: 'm4', createdAt: '2024-01-01T00:00:00.000Z' },
    ]);
  });

  it('refuses with the code, the clientId and a retry hint when there is one', () => {
    const { frames, sink } = socket();
    answerSend(sink, 'c2')({ ok: false, code: 'slow_down', message: 'busy', retryAfterMs: 250 });
    answerSend(sink, 'c3')({ ok: false, code: 'forbidden', message: 'no' });
    expect(frames).toEqual([
      { type: 'error', code: 'slow_down', message: 'busy', clientId: 'c2', retryAfterMs: 250 },
      { type: 'error', code: 'forbidden', message: 'no', clientId: 'c3' },
    ]);
  });
});

describe('welcome', () => {
  it('says who, the conversation, who is here and both read marks, in that order', () => {
    const { frames, sink } = socket();
    const at = new Date('2024-01-01T00:00:00.000Z');
    const state: RoomState = {
      id: 'conv',
      projectId: 'proj',
      visitor: { id: 'vis', name: 'Vi', email: null, verified: false },
      status: 'open',
      snoozedUntil: null,
      assigneeId: null,
      lastSeq: 7,
      lastActivityAt: at,
      lastMessageAt: at,
      lastMessagePreview: 'hello',
      unreadByAgent: 1,
      unreadByVisitor: 0,
      visitorReadSeq: 7,
      agentReadSeq: 5,
      firstResponseAt: null,
      resolvedAt: null,
      revision: 3,
      createdAt: at,
    };
    welcome(sink, { kind: 'visitor', id: 'vis', name: 'Vi' }, state, [{ id: 'ag', name: 'Al' }]);
    expect(frames.map((f) => (f as { type: string }).type)).toEqual([
      'welcome',
      'conversation',
      'presence',
      'read',
      'read',
    ]);
    expect(frames[0]).toEqual({ type: 'welcome', conversationId: 'conv', role: 'visitor', lastSeq: 7 });
    expect(frames.slice(3)).toEqual([
      { type: 'read', side: 'visitor', seq: 7 },
      { type: 'read', side: 'agent', seq: 5 },
    ]);
  });
});
