// /api/auth/oauth: sign-in with GitHub or Google. `start` redirects to the provider with state and
// a PKCE challenge (the verifier stays in Redis, the state is also bound to this browser by a
// cookie); `callback` checks both, exchanges the code, signs in and redirects to the dashboard —
// failures redirect to /login#error=<code>, a 2FA account to /login#mfa=<challenge token>.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { oauthProviders } from '../../contract/rest/oauth.ts';
import { text } from '../../contract/text.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import { log } from '../../core/platform/log.ts';
import { createRedis, type ParleyRedis } from '../../core/platform/redis.ts';
import { randomToken } from '../../core/platform/tokens.ts';
import type { AppEnv } from '../app-env.ts';
import { setRefreshCookie } from '../auth/cookies.ts';
import { publicUrl } from '../auth/mails.ts';
import { challengeIfEnrolled } from '../auth/mfa.ts';
import {
  authorizeRedirect,
  configuredProviders,
  exchangeCode,
  OAuthError,
  oauthProvider,
  PROVIDERS,
  type ProviderId,
  pkcePair,
} from '../auth/oauth.ts';
import { resolveOAuthUser } from '../auth/oauth-accounts.ts';
import { createSession } from '../auth/sessions.ts';
import { ApiError } from '../errors.ts';
import { createMailSender, type Mail, sendMailLater } from '../lib/mail.ts';
import { createRouter, errors, json } from '../lib/openapi.ts';
import { apiUrl } from '../lib/origins.ts';
import { requestInfo } from '../lib/request-info.ts';
import { auditUser } from '../tenancy/audit.ts';

export const oauth = createRouter();
const tags = ['oauth'];

const STATE_TTL_SECONDS = 600;
const STATE_COOKIE = 'parley_oauth_state';
const STATE_COOKIE_PATH = '/api/auth/oauth';
const stateKey = (redis: ParleyRedis, state: string) => redis.key(`oauth:state:${state}`);

interface PendingState {
  provider: ProviderId;
  verifier: string;
  returnTo: string;
}

/** Same-origin paths only: an open redirect would hand the session to another site. */
const ReturnTo = text()
  .max(500)
  .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path on this site, like /inbox')
  .default('/');

const ProviderParam = z.object({ provider: z.enum(PROVIDERS as [ProviderId, ...ProviderId[]]) });

const redirectUri = (c: Context<AppEnv>, provider: ProviderId) => `${apiUrl(c)}/api/auth/oauth/${provider}/callback`;

function providerOr404(c: Context<AppEnv>, id: ProviderId) {
  const provider = oauthProvider(c.get('config'), id);
  if (!provider) throw new ApiError(404, 'provider_not_configured', `Sign-in with ${id} is not configured`);
  return provider;
}

oauth.openapi(
  createRoute({
    method: 'get',
    path: '/providers',
    operationId: 'listOAuthProviders',
    tags,
    security: [],
    summary: 'The OAuth providers this deployment offers',
    responses: { 200: json(oauthProviders, 'Providers') },
  }),
  (c) => c.json({ providers: configuredProviders(c.get('config')) }, 200),
);

oauth.openapi(
  createRoute({
    method: 'get',
    path: '/{provider}/start',
    operationId: 'startOAuthSignIn',
    tags,
    security: [],
    summary: 'Redirect to the provider (authorization code + PKCE + state)',
    request: { params: ProviderParam, query: z.object({ returnTo: ReturnTo }) },
    responses: { 302: { description: 'To the provider’s consent page' }, ...errors(400, 404) },
  }),
  async (c) => {
    const { provider: id } = c.req.valid('param');
    const { returnTo } = c.req.valid('query');
    const provider = providerOr404(c, id);
    const state = randomToken('', 24);
    const { verifier, challenge } = await pkcePair();
    const pending: PendingState = { provider: id, verifier, returnTo };
    const redis = createRedis(c.get('config'));
    await redis.set(stateKey(redis, state), pending, { ex: STATE_TTL_SECONDS });
    // Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
    setCookie(c, STATE_COOKIE, state, {
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: STATE_COOKIE_PATH,
      maxAge: STATE_TTL_SECONDS,
    });
    return c.redirect(authorizeRedirect(provider, { redirectUri: redirectUri(c, id), state, challenge }), 302);
  },
);

const CallbackQuery = z.object({
  code: text().max(2000).optional(),
  state: text().max(200).optional(),
  error: text().max(200).optional(),
});

oauth.openapi(
  createRoute({
    method: 'get',
    path: '/{provider}/callback',
    operationId: 'completeOAuthSignIn',
    tags,
    security: [],
    summary: 'Where the provider sends the browser back; signs in and redirects to the dashboard',
    description:
      'Success: the refresh cookie is set and the browser goes to `returnTo` (the dashboard then calls /api/auth/refresh). With 2FA on: `/login#mfa=<challengeToken>`. Failure: `/login#error=<code>`.',
    request: { params: ProviderParam, query: CallbackQuery },
    responses: { 302: { description: 'To the dashboard' }, ...errors(400, 404) },
  }),
  async (c) => {
    const { provider: id } = c.req.valid('param');
    const query = c.req.valid('query');
    const provider = providerOr404(c, id);
    const base = publicUrl(c);
    const cookieState = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, { path: STATE_COOKIE_PATH, secure: true, httpOnly: true, sameSite: 'Lax' });
    const fail = (code: string) => c.redirect(`${base}/login#error=${encodeURIComponent(code)}`, 302);
    const info = requestInfo(c);
    try {
      if (query.error) throw new OAuthError('oauth_denied', 'the provider did not authorize');
      if (!query.code || !query.state) throw new OAuthError('oauth_invalid_callback', 'code and state are required');
      // Single use, and only in the browser that started it (a forged callback carries no cookie).
      const redis = createRedis(c.get('config'));
      const pending = await redis.getdel<PendingState>(stateKey(redis, query.state));
      if (!pending || pending.provider !== id || cookieState !== query.state) {
        throw new OAuthError('oauth_invalid_state', 'unknown, used or foreign state');
      }
      const accessToken = await exchangeCode(provider, {
        code: query.code,
        redirectUri: redirectUri(c, id),
        verifier: pending.verifier,
      });
      const profile = await provider.profile(accessToken);
      const db = await c.get('db')();
      const config = c.get('config');
      const notify = (mail: Mail) => sendMailLater(c.executionCtx, createMailSender(config), mail);
      const userId = await resolveOAuthUser(db, config, c.env, id, profile, info, notify);
      nudgeRelayFrom(c); // a first sign-in created a project, with its member.added event
      const challenge = await challengeIfEnrolled(db, config, userId, `oauth:${id}`);
      if (challenge) return c.redirect(`${base}/login#mfa=${challenge.challengeToken}`, 302);
      const tokens = await createSession(db, config, userId, info);
      await auditUser(db, { userId, type: 'auth.signed_in', info, data: { method: `oauth:${id}` } });
      setRefreshCookie(c, tokens.refreshToken, tokens.expiresAt);
      return c.redirect(`${base}${pending.returnTo}`, 302);
    } catch (err) {
      if (err instanceof OAuthError) {
        // The reason, never a token or the provider's response body.
        log.warn('oauth sign-in refused', { provider: id, errorCode: err.code });
        return fail(err.code);
      }
      throw err;
    }
  },
);
