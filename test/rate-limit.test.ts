// Rate limits through @upstash/ratelimit on the real Redis: hit (429 + Retry-After) and recovered,
// with small limits set through AUTH_RATE_LIMITS. The limiter counts in fixed buckets weighted into
// a sliding window, so a test crossing a bucket edge would see the count drop: sign-in tests (each
// attempt hashes for ~0.3 s) use 1 h windows, and the recovery test starts early in a 1 s bucket.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index.ts';
import { signUp, uniqueEmail } from './helpers/accounts.ts';
import { BASE, randomIp } from './helpers/http.ts';
import { enableMfa } from './helpers/totp.ts';

const WINDOW = { limit: 2, window: '1 h' };
/** The test env with other var values (wrangler types each var as its literal wrangler.toml value). */
const withVars = (vars: Record<string, string>) => ({ ...env, ...vars }) as unknown as Env;

const limited = withVars({
  AUTH_RATE_LIMITS: JSON.stringify({
    login_ip: { limit: 3, window: '1 h' },
    login_account: WINDOW,
    mfa_user: WINDOW,
    reset_account: { limit: 2, window: '1 s' },
  }),
});

async function post(path: string, body: unknown, ip: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
      body: JSON.stringify(body),
    }),
    limited,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

async function expectLimited(
  res: Response,
  error = { code: 'rate_limited', message: 'Too many attempts; try again later' },
) {
  expect(res.status).toBe(429);
  expect(await res.json()).toEqual({ error });
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(3600);
}

const ACCOUNT_LOCKED = {
  code: 'account_locked',
  message: 'Too many failed sign-ins for this account: its owner was emailed a link to sign in',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rate limits', () => {
  it('per IP: the 4th sign-in attempt from one IP is refused, other IPs are not', async () => {
    const ip = randomIp();
    for (let i = 0; i < 3; i++)
      expect((await post('/api/auth/login', { email: uniqueEmail(), password: 'x' }, ip)).status).toBe(401);
    await expectLimited(await post('/api/auth/login', { email: uniqueEmail(), password: 'x' }, ip));
    expect((await post('/api/auth/login', { email: uniqueEmail(), password: 'x' }, randomIp())).status).toBe(401);
  });

  it('per account: failed sign-ins from many IPs pause the email — even the right password; successes do not count', async () => {
    const user = await signUp();
    for (let i = 0; i < 3; i++) {
      expect((await post('/api/auth/login', { email: user.email, password: user.password }, randomIp())).status).toBe(
        200,
      );
    }
    for (let i = 0; i < 2; i++) {
      expect(
        (await post('/api/auth/login', { email: user.email, password: 'wrong password' }, randomIp())).status,
      ).toBe(401);
    }
    // Until the owner follows the emailed unlock link (test/sign-in-limits.test.ts).
    await expectLimited(
      await post('/api/auth/login', { email: user.email, password: user.password }, randomIp()),
      ACCOUNT_LOCKED,
    );
    // An unknown email is limited exactly alike: the limit reveals nothing about existence.
    const nobody = uniqueEmail('nobody');
    for (let i = 0; i < 2; i++)
      expect((await post('/api/auth/login', { email: nobody, password: 'x' }, randomIp())).status).toBe(401);
    await expectLimited(await post('/api/auth/login', { email: nobody, password: 'x' }, randomIp()), ACCOUNT_LOCKED);
  });

  it('2FA challenges: wrong codes across challenges exhaust the per-user limit', async () => {
    const user = await signUp();
    await enableMfa(user);
    const challenge = async () => {
      const res = await post('/api/auth/login', { email: user.email, password: user.password }, randomIp());
      return (await res.json<{ challengeToken: string }>()).challengeToken;
    };
    expect(
      (await post('/api/auth/2fa/challenge', { challengeToken: await challenge(), code: '000000' }, randomIp())).status,
    ).toBe(401);
    expect(
      (await post('/api/auth/2fa/challenge', { challengeToken: await challenge(), code: '000001' }, randomIp())).status,
    ).toBe(401);
    await expectLimited(
      await post('/api/auth/2fa/challenge', { challengeToken: await challenge(), code: '000002' }, randomIp()),
    );
  });

  it('password reset mails: a third request for one address is refused, and allowed again after the window', async () => {
    const email = uniqueEmail('reset');
    // Start in the first half of a 1 s bucket, so the three requests share it.
    if (Date.now() % 1000 > 500) await sleep(1000 - (Date.now() % 1000) + 20);
    expect((await post('/api/auth/password-reset/request', { email }, randomIp())).status).toBe(202);
    expect((await post('/api/auth/password-reset/request', { email }, randomIp())).status).toBe(202);
    await expectLimited(await post('/api/auth/password-reset/request', { email }, randomIp()));
    // A sliding window weighs the previous window in: two windows later it is clear.
    await sleep(2100);
    expect((await post('/api/auth/password-reset/request', { email }, randomIp())).status).toBe(202);
  });

  it('a malformed AUTH_RATE_LIMITS makes the Worker refuse to serve (503), naming it', async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${BASE}/readyz`),
      withVars({ AUTH_RATE_LIMITS: '{"login_ip":{"limit":0}}' }),
      ctx,
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('AUTH_RATE_LIMITS') });
  });
});
