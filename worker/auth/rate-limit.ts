// Rate limits for the auth routes, through @upstash/ratelimit (sliding windows in Upstash Redis).
// Per IP every attempt counts; per account only failures count (a user signing in often is not
// an attack, guessing is). AUTH_RATE_LIMITS can override the limits (tests use small windows).
import { type Duration, Ratelimit } from '@upstash/ratelimit';
import type { Context } from 'hono';
import { createRedis } from '../../core/platform/redis.ts';
import { sha256Hex } from '../../core/platform/tokens.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

export const RATE_LIMITS = {
  /** Invitation mails one project sends in a day: a Manager account cannot become a mail cannon. */
  invitation_project: { limit: 50, window: '1 d' },
  /** Sign-in attempts from one IP (an office behind one NAT still fits). */
  login_ip: { limit: 30, window: '10 m' },
  /** Failed sign-ins against one email, from anywhere: stops distributed guessing of one password. */
  login_account: { limit: 10, window: '15 m' },
  /** Wrong second factors for one user, across challenges (each challenge also allows only 5). */
  mfa_user: { limit: 10, window: '15 m' },
  mfa_ip: { limit: 30, window: '15 m' },
  /** Password-reset requests and confirmations from one IP, and reset mails to one address. */
  reset_ip: { limit: 10, window: '1 h' },
  reset_account: { limit: 3, window: '1 h' },
  /** Account creation from one IP. */
  signup_ip: { limit: 10, window: '1 h' },
} as const satisfies Record<string, { limit: number; window: Duration }>;

export type LimitName = keyof typeof RATE_LIMITS;

function limiter(c: Context<AppEnv>, name: LimitName): Ratelimit {
  const config = c.get('config');
  const { limit, window } = config.AUTH_RATE_LIMITS[name] ?? RATE_LIMITS[name];
  return new Ratelimit({
    redis: createRedis(config),
    limiter: Ratelimit.slidingWindow(limit, window as Duration),
    prefix: `rl:${name}`,
    // A per-isolate cache of blocked identifiers would outlive a window shortened for tests and
    // could not be cleared across isolates anyway: every decision goes to Redis.
    ephemeralCache: false,
    analytics: false,
  });
}

// Identifiers are hashed so raw emails and IPs never become Redis keys.
const keyOf = (identifier: string) => sha256Hex(identifier.toLowerCase());

const tooMany = (reset: number) =>
  new ApiError(429, 'rate_limited', 'Too many attempts; try again later', {
    'Retry-After': String(Math.max(1, Math.ceil((reset - Date.now()) / 1000))),
  });

/** Counts one attempt; throws 429 `rate_limited` with Retry-After when over the limit. */
export async function enforceRateLimit(c: Context<AppEnv>, name: LimitName, identifier: string): Promise<void> {
  const result = await limiter(c, name).limit(await keyOf(identifier));
  c.executionCtx.waitUntil(result.pending);
  if (!result.success) throw tooMany(result.reset);
}

/** Runs `attempt` unless the identifier's failures are used up (429); a 400/401 it throws counts
 * as one failure. */
export async function limitFailures<T>(
  c: Context<AppEnv>,
  name: LimitName,
  identifier: string,
  attempt: () => Promise<T>,
): Promise<T> {
  const ratelimit = limiter(c, name);
  const key = await keyOf(identifier);
  const { remaining, reset } = await ratelimit.getRemaining(key);
  if (remaining <= 0) throw tooMany(reset);
  try {
    return await attempt();
  } catch (err) {
    if (err instanceof ApiError && (err.status === 400 || err.status === 401)) {
      const result = await ratelimit.limit(key);
      c.executionCtx.waitUntil(result.pending);
    }
    throw err;
  }
}
