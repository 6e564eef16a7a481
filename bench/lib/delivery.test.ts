import { describe, expect, it } from 'vitest';
import { DeliveryRecorder } from './delivery.ts';

const conv = 'c1';
const msg = (seq: number, clientId: string) => ({ conversationId: conv, seq, clientId, authorId: 'v' });

function room() {
  const r = new DeliveryRecorder();
  r.addReceiver('visitor', conv);
  r.addReceiver('agent1', conv);
  r.addReceiver('agent2', conv);
  r.sent('m1', conv, 'visitor', 0);
  r.sent('m2', conv, 'visitor', 0);
  r.ack({ clientId: 'm1', seq: 1 }, 5);
  r.ack({ clientId: 'm2', seq: 2 }, 6);
  return r;
}

describe('DeliveryRecorder', () => {
  it('counts every acknowledged message owed to every other participant, and nothing else', () => {
    const r = room();
    for (const key of ['agent1', 'agent2']) {
      r.delivered(key, msg(1, 'm1'), 10);
      r.delivered(key, msg(2, 'm2'), 12);
    }
    // The sender's own echo is neither owed nor a duplicate.
    r.delivered('visitor', msg(1, 'm1'), 10);
    const c = r.check();
    expect(c).toMatchObject({ sent: 2, acked: 2, expected: 4, delivered: 4, missing: 0, duplicates: 0 });
    expect(c.orderViolations + c.seqMismatches + c.seqGaps + c.duplicateAcks).toBe(0);
    expect(r.deliverLatency).toEqual([10, 12, 10, 12]);
    expect(r.ackLatency).toEqual([5, 6]);
  });

  it('finds a missing delivery, a duplicate and an out-of-order arrival', () => {
    const r = room();
    r.delivered('agent1', msg(2, 'm2'), 10);
    r.delivered('agent1', msg(1, 'm1'), 11);
    r.delivered('agent1', msg(1, 'm1'), 12);
    r.delivered('agent2', msg(1, 'm1'), 10);
    const c = r.check();
    expect(c.missing).toBe(1);
    expect(c.duplicates).toBe(1);
    expect(c.orderViolations).toBe(1);
  });

  it('flags a delivery whose seq differs from the ack, a second ack, and a gap in the seqs', () => {
    const r = new DeliveryRecorder();
    r.addReceiver('visitor', conv);
    r.addReceiver('agent', conv);
    r.sent('a', conv, 'visitor', 0);
    r.sent('b', conv, 'visitor', 0);
    r.ack({ clientId: 'a', seq: 1 }, 1);
    r.ack({ clientId: 'b', seq: 3 }, 1);
    r.ack({ clientId: 'b', seq: 3 }, 2);
    r.delivered('agent', msg(2, 'a'), 3);
    const c = r.check();
    expect(c.seqGaps).toBe(1);
    expect(c.duplicateAcks).toBe(1);
    expect(c.seqMismatches).toBe(1);
  });

  it('measures latency from the first send when a message was retried', () => {
    const r = new DeliveryRecorder();
    r.addReceiver('v', conv);
    r.addReceiver('a', conv);
    r.sent('x', conv, 'v', 100);
    r.sent('x', conv, 'v', 400);
    r.ack({ clientId: 'x', seq: 1 }, 450);
    r.delivered('a', msg(1, 'x'), 460);
    expect(r.ackLatency).toEqual([350]);
    expect(r.deliverLatency).toEqual([360]);
  });
});
