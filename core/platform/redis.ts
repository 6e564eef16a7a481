// Upstash Redis over REST: the session cache and rate limits. Locally, local/upstash-bridge.ts.
import { Redis } from '@upstash/redis/cloudflare';
import type { Config } from './config.ts';

export function createRedis(config: Config): Redis {
  return new Redis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
    // Fail fast instead of retrying for seconds: callers decide what an outage means.
    retry: { retries: 1, backoff: () => 50 },
  });
}
