// Rate limits for the auth routes, through @upstash/ratelimit (sliding windows in Upstash Redis);
// other families of limits (the widget's, worker/visitors/rate-limit.ts) count through takeAttempt.
// Per IP every attempt counts. Failure limits (guesses of a password or a code) reserve the attempt
// BEFORE it is checked — one atomic script per limit — and give it back on success, so however many
// guesses arrive at once, at most `limit` are ever checked in a window. IPv6 clients count by their
// /64. AUTH_RATE_LIMITS can override the limits (tests use small windows). When Upstash cannot answer,
// a limit fails closed (503 `unavailable`) unless its spec says `onOutage: 'open'` (limits that only
// protect capacity, such as chat limits, let the request through with a logged warning); every
// refusal and outage is counted in the metrics.
import { type Duration, Ratelimit } from '@upstash/ratelimit';
import type { Context } from 'hono';
import { ipRateKey } from '../../core/platform/client-ip.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { metricsOf } from '../../core/platform/metrics.ts';
import { createRedis, RedisError } from '../../core/platform/redis.ts';
import { sha256Hex } from '../../core/platform/tokens.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

export interface LimitSpec {
  limit: number;
  window: Duration;
  /** `ip`: the identifier is a client IP, keyed by ipRateKey (IPv6 by its /64). */
  per?: 'ip';
  /** When Upstash cannot answer: `closed` (default) refuses with 503, `open` lets the request through. */
  onOutage?: 'closed' | 'open';
}

export const RATE_LIMITS = {
  /** Invitation mails one project sends in a day: a Manager account cannot become a mail cannon. */
  invitation_project: { limit: 50, window: '1 d' },
  /** Sign-in attempts from one IP (an office behind one NAT still fits). */
  login_ip: { limit: 30, window: '10 m', per: 'ip' },
  /** Failed sign-ins against one email from one IP: a stranger's guesses stop here, not the owner's. */
  login_account_ip: { limit: 5, window: '15 m' },
  /** Failed sign-ins against one email from anywhere: caps distributed guessing. Past it, only the
   * owner's emailed unlock link lets a password through (worker/auth/sign-in-guard.ts). */
  login_account: { limit: 20, window: '15 m' },
  /** Wrong second factors for one user, across challenges (each challenge also allows only 5). */
  mfa_user: { limit: 10, window: '15 m' },
  mfa_ip: { limit: 30, window: '15 m', per: 'ip' },
  /** Password-reset requests and confirmations from one IP, and reset mails to one address. */
  reset_ip: { limit: 10, window: '1 h', per: 'ip' },
  reset_account: { limit: 3, window: '1 h' },
  /** Account creation from one IP. */
  signup_ip: { limit: 10, window: '1 h', per: 'ip' },
} as const satisfies Record<string, LimitSpec>;

export type LimitName = keyof typeof RATE_LIMITS;

function limiter(c: Context<AppEnv>, name: string, spec: LimitSpec): Ratelimit {
  const config = c.get('config');
  const { limit, window } = config.AUTH_RATE_LIMITS[name] ?? spec;
  const redis = createRedis(config);
  return new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(limit, window as Duration),
    prefix: redis.key(`rl:${name}`),
    // A per-isolate cache of blocked identifiers would outlive a window shortened for tests and
    // could not be cleared across isolates anyway: every decision goes to Redis.
    ephemeralCache: false,
    analytics: false,
  });
}

// Identifiers are hashed so raw emails and IPs never become Redis keys.
async function keyOf(name: LimitName, identifier: string): Promise<string> {
  const spec: LimitSpec = RATE_LIMITS[name];
  return sha256Hex(spec.per === 'ip' ? ipRateKey(identifier) : identifier.toLowerCase());
}

const retryAfter = (reset: number) => ({
  'Retry-After': String(Math.max(1, Math.ceil((reset - Date.now()) / 1000))),
});

export const tooMany = (reset: number, code = 'rate_limited', message = 'Too many attempts; try again later') =>
  new ApiError(429, code, message, retryAfter(reset));

/** Upstash did not answer in time: a failure limit fails closed rather than letting guesses through. */
const limitsUnavailable = () =>
  new ApiError(503, 'unavailable', 'Sign-in is briefly unavailable; try again', { 'Retry-After': '5' });

const counted = (c: Context<AppEnv>, limit: string, outcome: 'refused' | 'unavailable' | 'failed_open') =>
  metricsOf(c.env).write({ metric: 'rate_limit', limit, outcome });

/** Counts one attempt; throws 429 `rate_limited` with Retry-After when over the limit. */
export async function enforceRateLimit(c: Context<AppEnv>, name: LimitName, identifier: string): Promise<void> {
  const taken = await takeAttempt(c, name, RATE_LIMITS[name], await keyOf(name, identifier));
  if (!taken.ok) throw tooMany(taken.reset);
}

/**
 * Takes one attempt from limit `name` (`spec`, or its AUTH_RATE_LIMITS override) for `key`, an
 * identifier already hashed. Not ok, with the window's reset, when over the limit. When Upstash
 * cannot count it, `spec.onOutage` decides: 503 `unavailable`, or through with a logged warning.
 */
export async function takeAttempt(
  c: Context<AppEnv>,
  name: string,
  spec: LimitSpec,
  key: string,
): Promise<{ ok: true } | { ok: false; reset: number }> {
  let result: Awaited<ReturnType<Ratelimit['limit']>>;
  try {
    result = await limiter(c, name, spec).limit(key);
  } catch (err) {
    if (!(err instanceof RedisError)) throw err;
    unchecked(c, name, spec);
    return { ok: true };
  }
  c.executionCtx.waitUntil(result.pending);
  // On a timeout @upstash/ratelimit answers success without having counted anything.
  if (result.reason === 'timeout') {
    unchecked(c, name, spec);
    return { ok: true };
  }
  if (result.success) return { ok: true };
  counted(c, name, 'refused');
  return { ok: false, reset: result.reset };
}

/** Upstash could not count the attempt: 503, or through with a warning for an `onOutage: 'open'` limit. */
function unchecked(c: Context<AppEnv>, name: string, spec: LimitSpec): void {
  if (spec.onOutage === 'open') {
    counted(c, name, 'failed_open');
    log.warn('rate limit not checked: letting through', { limit: name, dependency: 'redis' });
    return;
  }
  counted(c, name, 'unavailable');
  log.warn('rate limit not checked: refusing', { limit: name, dependency: 'redis' });
  throw limitsUnavailable();
}

export interface Attempt {
  name: LimitName;
  identifier: string;
}

export type Reservation =
  | { ok: true /** Gives the attempts back (the guess was right). */; refund: () => Promise<void> }
  | { ok: false; refused: LimitName; reset: number };

/**
 * Takes one attempt from each limit, all or none. Each `limit()` is one atomic Lua script that
 * checks and increments together, so of any number of concurrent callers at most `limit` get
 * through. When one limit refuses, the attempts taken from the others are given back.
 */
export async function reserveAttempts(c: Context<AppEnv>, attempts: readonly Attempt[]): Promise<Reservation> {
  try {
    return await reserve(c, attempts);
  } catch (err) {
    if (!(err instanceof RedisError)) throw err;
    // Guesses are never let through unchecked.
    for (const { name } of attempts) counted(c, name, 'unavailable');
    log.warn('rate limit not checked: refusing', {
      limit: attempts[0]?.name,
      dependency: 'redis',
      ...errorFields(err),
    });
    throw limitsUnavailable();
  }
}

async function reserve(c: Context<AppEnv>, attempts: readonly Attempt[]): Promise<Reservation> {
  const taken = await Promise.all(
    attempts.map(async ({ name, identifier }) => {
      const ratelimit = limiter(c, name, RATE_LIMITS[name]);
      const key = await keyOf(name, identifier);
      const result = await ratelimit.limit(key);
      c.executionCtx.waitUntil(result.pending);
      // On a timeout @upstash/ratelimit answers success without having counted anything.
      const reserved = result.success && result.reason !== 'timeout';
      return { name, ratelimit, key, result, reserved };
    }),
  );
  const giveBack = async (list: typeof taken) => {
    await Promise.all(list.map(({ ratelimit, key }) => ratelimit.limit(key, { rate: -1 })));
  };
  const spent = taken.filter((t) => t.reserved);
  if (taken.some((t) => t.result.reason === 'timeout')) {
    c.executionCtx.waitUntil(giveBack(spent).catch(() => undefined));
    for (const { name } of taken) counted(c, name, 'unavailable');
    log.warn('rate limit not checked: refusing', { limit: attempts[0]?.name, dependency: 'redis' });
    throw limitsUnavailable();
  }
  const refused = taken.find((t) => !t.reserved);
  if (refused) {
    counted(c, refused.name, 'refused');
    await giveBack(spent);
    return { ok: false, refused: refused.name, reset: refused.result.reset };
  }
  // A refund Upstash cannot take leaves the attempt counted: never a reason to fail a right answer.
  const refund = () =>
    giveBack(spent).catch((err: unknown) => {
      if (!(err instanceof RedisError)) throw err;
      log.warn('rate limit refund lost: Upstash unavailable', { dependency: 'redis', ...errorFields(err) });
    });
  return { ok: true, refund };
}

/** Runs `attempt` with one attempt reserved from the identifier's limit first (429 when none is
 * left). A failure keeps the attempt spent; a success gives it back. */
export async function limitFailures<T>(
  c: Context<AppEnv>,
  name: LimitName,
  identifier: string,
  attempt: () => Promise<T>,
): Promise<T> {
  const reservation = await reserveAttempts(c, [{ name, identifier }]);
  if (!reservation.ok) throw tooMany(reservation.reset);
  const result = await attempt();
  await reservation.refund();
  return result;
}
