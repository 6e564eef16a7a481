// requireRecentAuth(): a sensitive route (sudo mode, worker/auth/reauthentication.ts) answers
// 403 `reauthentication_required` unless the caller's session proved its user within the window.
// The dashboard then asks for the password and retries.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { findUser } from '../auth/accounts.ts';
import { isRecentlyAuthenticated, REAUTH_WINDOW_MINUTES } from '../auth/reauthentication.ts';
import { forbidden } from '../errors.ts';

export const reauthenticationRequired = () =>
  forbidden(
    `Confirm it is you: re-authenticate (POST /api/auth/reauthenticate) — a proof lasts ${REAUTH_WINDOW_MINUTES} minutes`,
    'reauthentication_required',
  );

/**
 * Needs requireAgent before it. `secondFactorInBody`: the route itself checks a TOTP or recovery
 * code from the body; for an account without a password, that code is the fresh proof it could
 * give (asking for a second code first would only make it wait for the next 30 s step).
 */
export const requireRecentAuth = (options: { secondFactorInBody?: boolean } = {}) =>
  createMiddleware<AppEnv>(async function requireRecentAuth(c, next) {
    const agent = c.get('agent');
    // A personal API token has no session to prove anything on; the one guarded route that takes
    // tokens (creating API tokens) refuses them itself.
    if (agent.apiToken) return next();
    const db = await c.get('db')();
    if (!(await isRecentlyAuthenticated(db, agent.sessionId))) {
      const passwordless = options.secondFactorInBody && (await findUser(db, agent.userId))?.passwordHash === null;
      if (!passwordless) throw reauthenticationRequired();
    }
    await next();
  });
