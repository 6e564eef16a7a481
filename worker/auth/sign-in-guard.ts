// The failure limits around a password check (sign-in, password change). Failures count per
// (account, IP) — a stranger's guesses exhaust only their own address's allowance — and per
// account, against guessing spread over many addresses. Past the account-wide limit the owner is
// mailed an unlock link (once per window): with it, their password is checked again, still under
// the (account, IP) limit. So a stranger can slow guessing down, but cannot lock the owner out.
import type { Context } from 'hono';
import { ipRateKey } from '../../core/platform/client-ip.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { createRedis, RedisError } from '../../core/platform/redis.ts';
import { randomToken, sha256Hex } from '../../core/platform/tokens.ts';
import type { AppEnv } from '../app-env.ts';
import { runInBackground } from '../lib/background.ts';
import { createMailSender } from '../lib/mail.ts';
import { requestInfo } from '../lib/request-info.ts';
import { findUserByEmail } from './accounts.ts';
import { publicUrl, unlockMail } from './mails.ts';
import { type Attempt, reserveAttempts, tooMany } from './rate-limit.ts';

/** How long an unlock link works. */
export const UNLOCK_TOKEN_TTL_SECONDS = 3600;
/** At most one unlock mail per account this often, however long the guessing goes on. */
const UNLOCK_MAIL_INTERVAL_SECONDS = 15 * 60;

// Prefixed so @upstash/redis never reads the stored value back as a JSON number.
const accountKey = async (email: string) => `account:${await sha256Hex(email.trim().toLowerCase())}`;
const unlockKey = async (token: string) => `unlock:${await sha256Hex(token)}`;

/**
 * Runs `check` (which throws on a wrong password) once an attempt is reserved from every limit
 * that applies; a right password gives the attempts back. `unlockToken`, from the emailed link,
 * lifts the account-wide limit for its own account only, and is spent by a successful check.
 */
export async function guardPasswordCheck<T>(
  c: Context<AppEnv>,
  input: { email: string; unlockToken?: string | undefined },
  check: () => Promise<T>,
): Promise<T> {
  const redis = createRedis(c.get('config'));
  const email = input.email.trim().toLowerCase();
  const account = await accountKey(email);
  const unlock = input.unlockToken ? redis.key(await unlockKey(input.unlockToken)) : null;
  const unlocked = unlock !== null && (await redis.get<string>(unlock)) === account;
  const attempts: Attempt[] = [{ name: 'login_account_ip', identifier: `${email} ${ipRateKey(requestInfo(c).ip)}` }];
  if (!unlocked) attempts.push({ name: 'login_account', identifier: email });
  const reservation = await reserveAttempts(c, attempts);
  if (!reservation.ok) {
    if (reservation.refused !== 'login_account') throw tooMany(reservation.reset);
    await offerUnlockLink(c, email, account);
    throw tooMany(
      reservation.reset,
      'account_locked',
      'Too many failed sign-ins for this account: its owner was emailed a link to sign in',
    );
  }
  const result = await check();
  await reservation.refund();
  if (unlock && unlocked) {
    // Unspent, the link only lifts this account's limit until it expires: not worth failing a sign-in.
    await redis.del(unlock).catch((err: unknown) => {
      if (!(err instanceof RedisError)) throw err;
      log.warn('unlock link not spent: Upstash unavailable', { dependency: 'redis', ...errorFields(err) });
    });
  }
  return result;
}

/** Mails the account's owner an unlock link, at most once per interval. Whether the account
 * exists is looked up after the response, so the answer is the same for any address. */
async function offerUnlockLink(c: Context<AppEnv>, email: string, account: string): Promise<void> {
  const config = c.get('config');
  const redis = createRedis(config);
  const first = await redis.set(redis.key(`unlock-mail:${account}`), 1, { nx: true, ex: UNLOCK_MAIL_INTERVAL_SECONDS });
  if (first !== 'OK') return;
  const base = publicUrl(c);
  const sender = createMailSender(config);
  runInBackground(c, 'unlock mail', async (db) => {
    const user = await findUserByEmail(db, email);
    if (!user) return;
    const token = randomToken('ul_');
    await redis.set(redis.key(await unlockKey(token)), account, { ex: UNLOCK_TOKEN_TTL_SECONDS });
    await sender.send(unlockMail(base, user.email, token));
  });
}
