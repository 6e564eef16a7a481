// The send queue: joins retries of a queued client id, hands out batches in order, settles waiters.
import { describe, expect, it } from 'vitest';
import type { SendResult } from '../../core/conversations/room-api.ts';
import { type QueuedSend, SendQueue } from './send-queue.ts';

const visitor = { kind: 'visitor', id: 'v1', name: null } as const;
const entry = (clientId: string, results: SendResult[]): QueuedSend => ({
  author: visitor,
  input: { clientId, body: clientId },
  waiters: [(r) => results.push(r)],
});

describe('SendQueue', () => {
  it('hands out batches oldest first and keeps them findable until settled', () => {
    const queue = new SendQueue();
    const results: SendResult[] = [];
    for (const id of ['a', 'b', 'c']) queue.push(entry(id, results));
    const batch = queue.take(2);
    expect(batch.map((e) => e.input.clientId)).toEqual(['a', 'b']);
    expect(queue.waiting).toBe(1);
    expect(queue.find('a')).toBe(batch[0]);
    const ok: SendResult = { ok: true, seq: 1, messageId: 'm', createdAt: 'now', duplicate: false };
    for (const e of batch) queue.settle(e, ok);
    expect(queue.find('a')).toBeUndefined();
    expect(results).toHaveLength(2);
  });

  it('gives every waiter of a joined entry the same result', () => {
    const queue = new SendQueue();
    const first: SendResult[] = [];
    const second: SendResult[] = [];
    const e = entry('x', first);
    queue.push(e);
    queue.find('x')?.waiters.push((r) => second.push(r));
    const [taken] = queue.take(10);
    const ok: SendResult = { ok: true, seq: 7, messageId: 'm', createdAt: 'now', duplicate: false };
    if (taken) queue.settle(taken, ok);
    expect(first).toEqual([ok]);
    expect(second).toEqual([ok]);
  });
});
