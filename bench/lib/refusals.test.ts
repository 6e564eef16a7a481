// Refusals are the error frames that ended a send; retried back-pressure and drops are not.
import { expect, it } from 'vitest';
import type { DeliveryCheck } from './delivery.ts';
import { refusals } from './refusals.ts';

const check = (errors: Record<string, number>, sent: number, acked: number): DeliveryCheck => ({
  sent,
  acked,
  expected: 0,
  delivered: 0,
  missing: 0,
  duplicates: 0,
  orderViolations: 0,
  seqMismatches: 0,
  seqGaps: 0,
  duplicateAcks: 0,
  errors,
});

it('counts unavailable and other error acks, not slow_down, rate_limited or dropped sockets', () => {
  const r = refusals(
    check({ unavailable: 7, slow_down: 40, rate_limited: 2, socket_dropped: 1, internal: 1 }, 100, 90),
  );
  expect(r).toEqual({ refused: 8, byCode: { unavailable: 7, internal: 1 }, unanswered: 2 });
});

it('is none when every send was acknowledged', () => {
  expect(refusals(check({ slow_down: 3 }, 50, 50))).toEqual({ refused: 0, byCode: {}, unanswered: 0 });
});
