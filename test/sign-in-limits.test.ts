// Failure limits under concurrency (bursts of parallel requests against the Worker and the real
// Redis), and the lockout a stranger must not be able to cause: failures count per (account, IP)
// and per account, and past the account-wide limit the owner signs in with an emailed unlock link;
// per-IP limits count an IPv6 client by its /64.
// Limits are lowered through AUTH_RATE_LIMITS with 1 h windows, so no burst crosses a bucket edge.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index.ts';
import { signUp, uniqueEmail } from './helpers/accounts.ts';
import { eventually } from './helpers/eventually.ts';
import { BASE, httpJson, randomIp } from './helpers/http.ts';
import { enableMfa, totpCode } from './helpers/totp.ts';

/** The test env with AUTH_RATE_LIMITS set (a fresh object: its parsed config is cached apart). */
const withLimits = (limits: Record<string, { limit: number; window: string }>) =>
  ({ ...env, AUTH_RATE_LIMITS: JSON.stringify(limits) }) as unknown as Env;

async function post(vars: Env, path: string, body: unknown, ip: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
      body: JSON.stringify(body),
    }),
    vars,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: await res.json<{ error?: { code: string }; status?: string }>() };
}

const statuses = (results: { status: number }[]) => results.map((r) => r.status).sort();
const count = (results: { status: number }[], status: number) => results.filter((r) => r.status === status).length;

/** The unlock link mailed to `to` (dev mail sink), as its token. */
const unlockToken = (to: string): Promise<string> =>
  eventually(
    async () => {
      const { body } = await httpJson<{ mails: { text: string }[] }>('GET', `/dev/mail?to=${encodeURIComponent(to)}`);
      return body.mails.map((m) => m.text.match(/\/login#unlock=([\w-]+)/)?.[1]).find(Boolean);
    },
    5_000,
    50,
  );

describe('failure limits hold under concurrency', () => {
  it('12 parallel wrong passwords from many IPs: at most the account limit (3) are evaluated, and a right password sent last in the burst is refused', async () => {
    const vars = withLimits({ login_account: { limit: 3, window: '1 h' } });
    const user = await signUp();
    const wrong = Array.from({ length: 12 }, (_, i) =>
      post(vars, '/api/auth/login', { email: user.email, password: `wrong password ${i}` }, randomIp()),
    );
    // The right password leaves last in the same burst, before any wrong one is answered: the old
    // check-then-count let it through (200); reserved in arrival order, it finds the limit used up.
    const right = post(vars, '/api/auth/login', { email: user.email, password: user.password }, randomIp());
    const results = await Promise.all(wrong);
    // 401 means the password was hashed and compared; 429 means it never was.
    expect(count(results, 401), JSON.stringify(statuses(results))).toBeLessThanOrEqual(3);
    expect(count(results, 401) + count(results, 429)).toBe(12);
    expect((await right).status).toBe(429);
  });

  it('12 parallel wrong passwords from one IP: at most the per-(account, IP) limit (5) are evaluated', async () => {
    const vars = withLimits({});
    const user = await signUp();
    const ip = randomIp();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        post(vars, '/api/auth/login', { email: user.email, password: `wrong password ${i}` }, ip),
      ),
    );
    expect(count(results, 401), JSON.stringify(statuses(results))).toBeLessThanOrEqual(5);
    expect(count(results, 401) + count(results, 429)).toBe(12);
  });

  it('16 parallel wrong codes over 4 challenges: at most the per-user 2FA limit (3) are checked, and a right code sent last in the burst is refused', async () => {
    const vars = withLimits({ mfa_user: { limit: 3, window: '1 h' } });
    const user = await signUp();
    const { secret } = await enableMfa(user);
    const challenges: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await post(vars, '/api/auth/login', { email: user.email, password: user.password }, randomIp());
      expect(res.body.status).toBe('mfa_required');
      challenges.push((res.body as { challengeToken: string }).challengeToken);
    }
    const good = await totpCode(secret);
    const bad = (i: number) => String((Number(good) + 1 + i) % 1_000_000).padStart(6, '0');
    const wrong = challenges.flatMap((challengeToken, c) =>
      Array.from({ length: 4 }, (_, i) =>
        post(vars, '/api/auth/2fa/challenge', { challengeToken, code: bad(c * 4 + i) }, randomIp()),
      ),
    );
    const [first] = challenges;
    const right = post(vars, '/api/auth/2fa/challenge', { challengeToken: first, code: good }, randomIp());
    const results = await Promise.all(wrong);
    expect(count(results, 401), JSON.stringify(statuses(results))).toBeLessThanOrEqual(3);
    expect(count(results, 401) + count(results, 429)).toBe(16);
    expect((await right).status).toBe(429);
  });
});

describe('a stranger cannot lock the owner out', () => {
  it('10 wrong passwords from one IP stop that IP at 5; the owner elsewhere still signs in', async () => {
    const vars = withLimits({});
    const user = await signUp();
    const stranger = randomIp();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(vars, '/api/auth/login', { email: user.email, password: `guess ${i}` }, stranger),
      ),
    );
    expect(count(results, 401)).toBeLessThanOrEqual(5);
    const refused = await post(vars, '/api/auth/login', { email: user.email, password: user.password }, stranger);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    const owner = await post(vars, '/api/auth/login', { email: user.email, password: user.password }, randomIp());
    expect(owner).toMatchObject({ status: 200, body: { status: 'signed_in' } });
  });

  it('past the account-wide limit the owner is mailed a single-use unlock link that signs in with the password', async () => {
    const vars = withLimits({ login_account: { limit: 3, window: '1 h' } });
    const user = await signUp();
    for (let i = 0; i < 3; i++) {
      const res = await post(vars, '/api/auth/login', { email: user.email, password: `guess ${i}` }, randomIp());
      expect(res.status).toBe(401);
    }
    const ownerIp = randomIp();
    const locked = await post(vars, '/api/auth/login', { email: user.email, password: user.password }, ownerIp);
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'account_locked' } } });

    const token = await unlockToken(user.email);
    // The link does not unlock another account, nor bypass the password.
    const other = await signUp();
    for (let i = 0; i < 3; i++) {
      await post(vars, '/api/auth/login', { email: other.email, password: `guess ${i}` }, randomIp());
    }
    const otherWithToken = await post(
      vars,
      '/api/auth/login',
      { email: other.email, password: other.password, unlockToken: token },
      ownerIp,
    );
    expect(otherWithToken).toMatchObject({ status: 429, body: { error: { code: 'account_locked' } } });
    const typo = await post(
      vars,
      '/api/auth/login',
      { email: user.email, password: 'not it', unlockToken: token },
      ownerIp,
    );
    expect(typo.status).toBe(401);
    const unlocked = await post(
      vars,
      '/api/auth/login',
      { email: user.email, password: user.password, unlockToken: token },
      ownerIp,
    );
    expect(unlocked).toMatchObject({ status: 200, body: { status: 'signed_in' } });
    // Single use: the account-wide limit applies again to the same link.
    const again = await post(
      vars,
      '/api/auth/login',
      { email: user.email, password: user.password, unlockToken: token },
      ownerIp,
    );
    expect(again).toMatchObject({ status: 429, body: { error: { code: 'account_locked' } } });
  });

  it('an account with 2FA unlocked by the link still answers a second-factor challenge', async () => {
    const vars = withLimits({ login_account: { limit: 2, window: '1 h' } });
    const user = await signUp();
    const { secret } = await enableMfa(user);
    for (let i = 0; i < 2; i++) {
      await post(vars, '/api/auth/login', { email: user.email, password: `guess ${i}` }, randomIp());
    }
    const ip = randomIp();
    expect((await post(vars, '/api/auth/login', { email: user.email, password: user.password }, ip)).status).toBe(429);
    const res = await post(
      vars,
      '/api/auth/login',
      { email: user.email, password: user.password, unlockToken: await unlockToken(user.email) },
      ip,
    );
    expect(res.body.status).toBe('mfa_required');
    const { challengeToken } = res.body as { challengeToken: string };
    const signedIn = await post(vars, '/api/auth/2fa/challenge', { challengeToken, code: await totpCode(secret) }, ip);
    expect(signedIn).toMatchObject({ status: 200, body: { status: 'signed_in' } });
  });
});

describe('per-IP limits', () => {
  it('count an IPv6 client by its /64: other addresses of the same /64 share the limit, another /64 does not', async () => {
    const vars = withLimits({ login_ip: { limit: 3, window: '1 h' } });
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1`;
    const attempt = (ip: string) => post(vars, '/api/auth/login', { email: uniqueEmail(), password: 'x' }, ip);
    for (let i = 1; i <= 3; i++) expect((await attempt(`${prefix}::${i}`)).status).toBe(401);
    expect(await attempt(`${prefix}:ffff:ffff:ffff:ffff`)).toMatchObject({
      status: 429,
      body: { error: { code: 'rate_limited' } },
    });
    expect((await attempt(`${prefix.slice(0, -1)}2::1`)).status).toBe(401);
  });
});

describe('account creation', () => {
  it('refuses sign-ups from one IP past the limit, counted before the account is made, and not from another IP', async () => {
    // The e2e stack lifts this limit (every browser there is 127.0.0.1): here is where it is held.
    const vars = withLimits({ signup_ip: { limit: 3, window: '1 h' } });
    const ip = randomIp();
    const body = () => ({
      email: uniqueEmail(),
      password: 'a long enough passphrase',
      name: 'Ada',
      projectName: 'Shop',
    });
    const burst = await Promise.all(Array.from({ length: 6 }, () => post(vars, '/api/auth/signup', body(), ip)));
    expect(statuses(burst)).toEqual([201, 201, 201, 429, 429, 429]);
    expect(burst.find((r) => r.status === 429)?.body.error?.code).toBe('rate_limited');
    expect((await post(vars, '/api/auth/signup', body(), randomIp())).status).toBe(201);
  });
});
