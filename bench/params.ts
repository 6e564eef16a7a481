// The scenarios' sizes: the full run's, and BENCH_QUICK=1's tiny ones that only check the machinery.

import type { S1StepParams } from './scenarios/s1-step-load.ts';
import type { S1Params } from './scenarios/s1-support-load.ts';
import type { S2Params } from './scenarios/s2-hot-conversation.ts';
import type { S3Params } from './scenarios/s3-idle-visitors.ts';
import type { S4Params } from './scenarios/s4-events.ts';

export const QUICK = process.env.BENCH_QUICK === '1';

export const S1: S1Params = QUICK
  ? {
      conversations: 20,
      agentsPerConversation: 2,
      messagesPerSecond: 5,
      durationSeconds: 4,
      drainSeconds: 10,
      connectConcurrency: 50,
    }
  : {
      // BENCH_S1_CONVERSATIONS and BENCH_S1_SECONDS shrink S1 for a targeted run on a busy machine.
      conversations: Number(process.env.BENCH_S1_CONVERSATIONS ?? 200),
      agentsPerConversation: 2,
      messagesPerSecond: 5,
      durationSeconds: Number(process.env.BENCH_S1_SECONDS ?? 20),
      drainSeconds: 15,
      connectConcurrency: 50,
    };
/**
 * S1 in steps (the knee). BENCH_STEP_RATES=100,500 and BENCH_STEP_SECONDS=5 narrow it for a
 * targeted run; the full run's steps are short so that the whole bench stays under 10 minutes.
 * They go past the baseline's knee (2,000 sustained, 2,500 not, on this machine): a target that
 * sustains every step has a knee of at least the last one, and the report says so.
 */
const stepRates = process.env.BENCH_STEP_RATES?.split(',').map(Number);
export const S1_STEPS: S1StepParams = {
  conversations: S1.conversations,
  agentsPerConversation: S1.agentsPerConversation,
  connectConcurrency: S1.connectConcurrency,
  rates: stepRates ?? (QUICK ? [50, 100, 200] : [100, 250, 500, 750, 1000, 1250, 1500, 2000, 2500]),
  stepSeconds: Number(process.env.BENCH_STEP_SECONDS ?? (QUICK ? 3 : 8)),
  settleSeconds: QUICK ? 3 : 4,
  p99LimitMs: 250,
};
export const S2: S2Params = QUICK
  ? { receivers: 10, messages: 200, window: 50, timeoutSeconds: 30 }
  : { receivers: 50, messages: 2000, window: 50, timeoutSeconds: 25 };
export const S3: S3Params = QUICK
  ? {
      sockets: 300,
      connectConcurrency: 100,
      connectTimeoutSeconds: 60,
      idleSeconds: 3,
      reconnectTimeoutSeconds: 30,
      reconnectJitterMs: 1000,
      reconnectHandshakeTimeoutSeconds: 30,
    }
  : {
      // BENCH_S3_SOCKETS: a smaller storm for before/after comparisons (not an official run).
      sockets: Number(process.env.BENCH_S3_SOCKETS ?? 10_000),
      connectConcurrency: 200,
      connectTimeoutSeconds: 150,
      idleSeconds: 15,
      reconnectTimeoutSeconds: 120,
      reconnectJitterMs: 10_000,
      reconnectHandshakeTimeoutSeconds: 60,
    };
export const S4: S4Params = QUICK
  ? { conversations: 5, messagesPerConversation: 40, window: 20, timeoutSeconds: 30 }
  : { conversations: 20, messagesPerConversation: 100, window: 20, timeoutSeconds: 45 };

/** Parley's rooms in the bench: no per-sender send rate limit (the baseline has none). */
const NO_SEND_LIMIT = { send: { capacity: 1_000_000, refillPerSecond: 1_000_000 } };
export const ROOM_LIMITS = JSON.stringify(NO_SEND_LIMIT);
/** S2's comparison run: group commit off, one message per transaction. */
export const ROOM_LIMITS_ONE_BY_ONE = JSON.stringify({ ...NO_SEND_LIMIT, batchMax: 1 });
