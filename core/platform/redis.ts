// Upstash Redis over REST: the session cache and rate limits. Locally, local/upstash-bridge.ts.
// Every failure leaves as a RedisError with a code (timeout, unreachable, an error reply) and never
// with the command it carried: @upstash/redis puts the command and its keys in its error messages.
// Every key is prefixed with APP_ENV, so staging and production can never share counters.
import { Redis, type UpstashRequest, type UpstashResponse } from '@upstash/redis/cloudflare';
import type { Config } from './config.ts';

/** Longer than an Upstash round trip ever takes in one region, short enough to fail a request fast. */
const TIMEOUT_MS = 2000;

export type RedisErrorCode = 'redis_timeout' | 'redis_unreachable' | 'redis_error' | 'redis_bad_reply';

export class RedisError extends Error {
  override name = 'RedisError';
  readonly code: RedisErrorCode;
  /** The error reply's first word (NOSCRIPT, WRONGTYPE, Unauthorized…), for logs. */
  readonly detail: string | undefined;
  constructor(code: RedisErrorCode, reply?: string) {
    // The first word stays in the message too: @upstash/ratelimit looks for NOSCRIPT there to fall
    // back from EVALSHA to EVAL. Nothing after it does (the command and its keys).
    super(reply ? `Upstash answered ${reply}` : `Upstash: ${code}`);
    this.code = code;
    this.detail = reply;
  }
}

function classify(err: unknown): RedisError {
  if (err instanceof RedisError) return err;
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return new RedisError('redis_timeout');
    if (err.name === 'UpstashJSONParseError') return new RedisError('redis_bad_reply');
    if (err.name === 'UpstashError') {
      const word = err.message.match(/^[A-Za-z]{2,32}/)?.[0];
      return new RedisError('redis_error', word);
    }
  }
  return new RedisError('redis_unreachable');
}

/** The Upstash client, with classified errors and the environment's key prefix. */
export class ParleyRedis extends Redis {
  readonly #prefix: string;

  constructor(config: Config) {
    super({
      url: config.UPSTASH_REDIS_REST_URL,
      token: config.UPSTASH_REDIS_REST_TOKEN,
      // Fail fast instead of retrying for seconds: callers decide what an outage means.
      retry: { retries: 1, backoff: () => 50 },
      signal: () => AbortSignal.timeout(TIMEOUT_MS),
      enableTelemetry: false,
    });
    this.#prefix = `${config.APP_ENV}:`;
    // Every command, pipeline and script goes through the requester: one place to classify.
    const requester = this.client;
    const request = requester.request.bind(requester);
    requester.request = async <T>(req: UpstashRequest): Promise<UpstashResponse<T>> => {
      try {
        return await request<T>(req);
      } catch (err) {
        throw classify(err);
      }
    };
  }

  /** `name` in this environment's keyspace (`production:session:…`). */
  key(name: string): string {
    return `${this.#prefix}${name}`;
  }
}

export function createRedis(config: Config): ParleyRedis {
  return new ParleyRedis(config);
}
