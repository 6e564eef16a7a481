// Outgoing messages: sent with their clientId, failed after a refusal or a silent room, retried by
// themselves when the room asks to come back later, and only ever on a live socket.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomClientFrame } from '../contract/frames.ts';
import { ACK_TIMEOUT_MS, Outgoing, type PendingSend } from './outgoing.ts';

function setup(live = true, message: PendingSend = { clientId: 'c1', body: 'hello' }) {
  let pending: (PendingSend & { failed?: string; explanation?: string })[] = [message];
  const sent: RoomClientFrame[] = [];
  const socket = { live };
  const out = new Outgoing({
    pending: () => pending.filter((p) => !p.failed),
    failed: (clientId, code, explanation) => {
      pending = pending.map((p) => (p.clientId === clientId ? { ...p, failed: code, explanation } : p));
    },
    send: (frame) => {
      if (!socket.live) return false;
      sent.push(frame);
      return true;
    },
  });
  return {
    out,
    sent,
    socket,
    state: () => (pending[0]?.failed ? 'failed' : 'sending'),
    error: () => pending[0]?.failed,
    explanation: () => pending[0]?.explanation,
    discard: () => {
      pending = [];
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Outgoing', () => {
  it('sends with the clientId and stays sending until acknowledged', () => {
    const t = setup();
    t.out.send('c1');
    expect(t.sent).toEqual([{ type: 'send', clientId: 'c1', body: 'hello' }]);
    t.out.acknowledged('c1');
    vi.advanceTimersByTime(ACK_TIMEOUT_MS * 2);
    expect(t.state()).toBe('sending');
  });

  it('sends a private note as private', () => {
    const t = setup(true, { clientId: 'n1', body: 'note', private: true });
    t.out.send('n1');
    expect(t.sent).toEqual([{ type: 'send', clientId: 'n1', body: 'note', private: true }]);
  });

  it("sends a note's mentions with it, and never a public message's", () => {
    const mentions = ['0b9a4f0e-6a3b-4e43-9d55-2f1f2c1d6a01'];
    const note = setup(true, { clientId: 'n2', body: '@Bo look', private: true, mentions });
    note.out.send('n2');
    expect(note.sent).toEqual([{ type: 'send', clientId: 'n2', body: '@Bo look', private: true, mentions }]);
    const reply = setup(true, { clientId: 'r1', body: '@Bo look', mentions });
    reply.out.send('r1');
    expect(reply.sent).toEqual([{ type: 'send', clientId: 'r1', body: '@Bo look' }]);
    const empty = setup(true, { clientId: 'n3', body: 'note', private: true, mentions: [] });
    empty.out.send('n3');
    expect(empty.sent).toEqual([{ type: 'send', clientId: 'n3', body: 'note', private: true }]);
  });

  it('marks a message failed when no ack comes in time', () => {
    const t = setup();
    t.out.send('c1');
    vi.advanceTimersByTime(ACK_TIMEOUT_MS - 1);
    expect(t.state()).toBe('sending');
    vi.advanceTimersByTime(1);
    expect(t.state()).toBe('failed');
    expect(t.error()).toBe('timeout');
  });

  it('without a live socket, sends nothing and starts no timer; the flush after resume sends it', () => {
    const t = setup(false);
    t.out.send('c1');
    vi.advanceTimersByTime(ACK_TIMEOUT_MS * 2);
    expect(t.sent).toEqual([]);
    expect(t.state()).toBe('sending');
    t.socket.live = true;
    t.out.flush();
    expect(t.sent).toHaveLength(1);
  });

  it('fails at once on a refusal, but retries by itself when the room says to come back later', () => {
    const t = setup();
    t.out.send('c1');
    t.out.refused('c1', 'slow_down', 'Slow down', 200);
    expect(t.state()).toBe('sending');
    vi.advanceTimersByTime(200);
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]).toEqual(t.sent[0]);
    t.out.refused('c1', 'invalid_message', 'Too long');
    expect(t.state()).toBe('failed');
    expect(t.error()).toBe('invalid_message');
    expect(t.explanation()).toBe('Too long');
  });

  it('does not retry a message discarded meanwhile', () => {
    const t = setup();
    t.out.send('c1');
    t.out.refused('c1', 'rate_limited', 'Too many', 100);
    t.discard();
    vi.advanceTimersByTime(200);
    expect(t.sent).toHaveLength(1);
  });

  it('clear() cancels every timer', () => {
    const t = setup();
    t.out.send('c1');
    t.out.clear();
    vi.advanceTimersByTime(ACK_TIMEOUT_MS * 2);
    expect(t.state()).toBe('sending');
  });
});
