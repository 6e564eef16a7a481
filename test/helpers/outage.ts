// Upstash failing, as a workers test can make it fail: bindings a request or a Worker call takes
// instead of the test run's own.
import { inject } from 'vitest';

/**
 * Upstash answering what no Upstash answers (an error page where JSON belongs), as its gateway does
 * in an outage: every command fails with RedisError `redis_bad_reply`. Not a dead port: workerd
 * logs every refused connection as an uncaught exception, even one the Worker catches, and
 * test/setup-faults.ts fails the test on it. A refused connection (`redis_unreachable`) is
 * classified in core/platform/redis.test.ts.
 */
export const upstashDown = (): { UPSTASH_REDIS_REST_URL: string } => ({
  // The fake webhook receiver fails the first `fail` requests with a text page (and answers "ok"
  // to the paths Upstash appends after the query, `/pipeline`): never JSON.
  UPSTASH_REDIS_REST_URL: `${inject('webhookReceiverUrl')}/hooks/upstash-outage?fail=1000000000`,
});

/** Upstash refusing the token: an error reply (`Unauthorized`) to every command. */
export const upstashRefusing = { UPSTASH_REDIS_REST_TOKEN: 'not-the-token' };
