// Send → ack latency on the local stack (workerd + Neon driver + proxy + Postgres), printed for
// docs/REALTIME_AND_WIDGET.md. Bounds are loose: this guards against regressions by an order of
// magnitude (e.g. losing group commit), not against a busy CI machine.

import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { ConversationRoom } from '../durable-objects/conversation-room.ts';
import { isType, joinRoom, roomPath, TestSocket } from './helpers/socket.ts';
import { scenario } from './helpers/tenant.ts';

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The per-sender send limit is for humans; a benchmark lifts it. */
async function unlimited(conversationId: string) {
  await runInDurableObject(env.CONVERSATION_ROOM.getByName(conversationId), (room: ConversationRoom) => {
    room.tune({ send: { capacity: 10_000, refillPerSecond: 10_000 } });
  });
}

describe('send → ack latency', () => {
  it('one sender, one message at a time (no batching possible)', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await joinRoom(conversationId, visitor.token);
    await unlimited(conversationId);
    const latencies: number[] = [];
    for (let n = 0; n < 50; n++) {
      const from = ws.frames.length;
      const t = performance.now();
      ws.send({ type: 'send', clientId: `seq-${n}`, body: `m ${n}` });
      await ws.next(isType('ack'), from);
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    const [p50, p95, p99] = [pct(latencies, 50), pct(latencies, 95), pct(latencies, 99)];
    console.log(
      `sequential send→ack over 50: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
    );
    expect(p50).toBeLessThan(250);
    ws.close();
  });

  it('5 sockets × 60 offered at once (group commit)', async () => {
    const { visitor, agent, conversationId } = await scenario();
    const sockets = await Promise.all(
      [visitor.token, visitor.token, agent.token, agent.token, agent.token].map((t) =>
        TestSocket.open(roomPath(conversationId, t)),
      ),
    );
    await Promise.all(sockets.map((s) => s.next(isType('welcome'))));
    await unlimited(conversationId);
    const arrivals: number[] = [];
    const t0 = performance.now();
    for (const [i, s] of sockets.entries()) {
      for (let n = 0; n < 60; n++) s.send({ type: 'send', clientId: `${i}-${n}`, body: `m ${n}` });
    }
    await Promise.all(
      sockets.map(async (s) => {
        for (let n = 1; n <= 60; n++) {
          await s.until((f) => f.filter((x) => x.type === 'ack').length >= n, 20_000);
          arrivals.push(performance.now() - t0);
        }
      }),
    );
    arrivals.sort((a, b) => a - b);
    const total = arrivals.at(-1) ?? 0;
    console.log(
      `300 offered at once: all acked in ${total.toFixed(0)} ms (${((300 / total) * 1000).toFixed(0)} msg/s), ` +
        `ack p50 ${pct(arrivals, 50).toFixed(0)} ms, p99 ${pct(arrivals, 99).toFixed(0)} ms after offer`,
    );
    expect(total).toBeLessThan(15_000);
    for (const s of sockets) s.close();
  });
});
