// Which error frames refused a send: everything a target answered a send with except the
// back-pressure the Sender retries (slow_down, rate_limited) and dropped sockets (not an answer).
// BENCH_TARGETS=dev reports these against `npm run dev`; the goal is none.
import type { DeliveryCheck } from './delivery.ts';

const NOT_REFUSALS = new Set(['slow_down', 'rate_limited', 'socket_dropped']);

export interface Refusals {
  /** Error frames that ended a send (`unavailable: Could not commit` when Postgres ran out). */
  refused: number;
  byCode: Record<string, number>;
  /** Sent, and neither acknowledged nor refused by the end of the drain. */
  unanswered: number;
}

export function refusals(check: DeliveryCheck): Refusals {
  const byCode = Object.fromEntries(Object.entries(check.errors).filter(([code]) => !NOT_REFUSALS.has(code)));
  const refused = Object.values(byCode).reduce((a, b) => a + b, 0);
  return { refused, byCode, unanswered: Math.max(0, check.sent - check.acked - refused) };
}
