// The BENCH_TARGETS=dev table names the refused sends by code, or says none.
import { expect, it } from 'vitest';
import type { DeliveryCheck } from '../lib/delivery.ts';
import { refusals } from '../lib/refusals.ts';
import { devSection } from './markdown.ts';
import type { DevS1Result } from './results.ts';

const latency = { count: 1, p50: 12, p95: 30, p99: 40, max: 50, mean: 15 };
const check = (errors: Record<string, number>, acked: number): DeliveryCheck => ({
  sent: 100,
  acked,
  expected: acked * 2,
  delivered: acked * 2,
  missing: 0,
  duplicates: 0,
  orderViolations: 0,
  seqMismatches: 0,
  seqGaps: 0,
  duplicateAcks: 0,
  errors,
});
const result = (c: DeliveryCheck): DevS1Result => ({
  s1: {
    params: {
      conversations: 20,
      agentsPerConversation: 2,
      messagesPerSecond: 5,
      durationSeconds: 1,
      drainSeconds: 1,
      connectConcurrency: 5,
    },
    sockets: 60,
    connectSeconds: 1,
    offeredPerSecond: 100,
    ackedPerSecond: 100,
    deliver: latency,
    ack: latency,
    check: c,
    retries: 0,
    usage: { wallSeconds: 1, client: 0.1, runtime: 0.5, support: 0.1, postgres: 0.2, redis: 0 },
    clientLoopDelayP99Ms: 1,
  },
  refusals: refusals(c),
  postgresPath: 'transaction pooler 127.0.0.1:1 (20 server connections)',
});

it('says none when every send was acknowledged', () => {
  const md = devSection({ dev: { ok: true, result: result(check({ slow_down: 2 }, 100)) } });
  expect(md).toContain('| **refused sends** (error acks) | none |');
  expect(md).toContain('transaction pooler 127.0.0.1:1');
});

it('counts and names the refusals', () => {
  const md = devSection({ dev: { ok: true, result: result(check({ unavailable: 40 }, 60)) } });
  expect(md).toContain('| **refused sends** (error acks) | **40** (unavailable ×40) |');
});

it('reports a failed run and nothing when the mode was not asked for', () => {
  expect(devSection({ dev: { ok: false, error: 'npm-run-dev: exited with 1' } })).toContain('Failed: npm-run-dev');
  expect(devSection({})).toBe('');
});
