// OAuth 2.0 sign-in with GitHub and Google: authorization code + PKCE (S256) + state. Endpoints
// come from configuration (real providers by default, a local fake in tests). The client secrets
// are Worker secrets (encrypted by Cloudflare); provider access tokens are used once and never stored.
import type { Config } from '../../core/platform/config.ts';
import { b64url } from '../../core/platform/tokens.ts';

export type ProviderId = 'github' | 'google';
export const PROVIDERS: readonly ProviderId[] = ['github', 'google'];

export interface OAuthProfile {
  /** The provider's stable user id (GitHub's numeric id, Google's `sub`). */
  subject: string;
  /** The provider-verified email, or null when the provider has none verified. */
  verifiedEmail: string | null;
  name: string;
}

export interface OAuthProvider {
  id: ProviderId;
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  scope: string;
  profile(accessToken: string): Promise<OAuthProfile>;
}

export class OAuthError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** fetch, with a network failure turned into an OAuthError (the callback then redirects with its code). */
async function providerFetch(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    throw new OAuthError('oauth_provider_unreachable', `cannot reach ${new URL(url).host}`);
  }
}

async function getJson(url: string, accessToken: string, accept = 'application/json'): Promise<unknown> {
  const res = await providerFetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept, 'user-agent': 'Parley' },
  });
  if (!res.ok) throw new OAuthError('oauth_provider_error', `provider answered ${res.status} for its user`);
  return res.json();
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function github(config: Config): OAuthProvider | null {
  if (!config.OAUTH_GITHUB_CLIENT_ID || !config.OAUTH_GITHUB_CLIENT_SECRET) return null;
  const api = config.OAUTH_GITHUB_API_URL.replace(/\/+$/, '');
  return {
    id: 'github',
    clientId: config.OAUTH_GITHUB_CLIENT_ID,
    clientSecret: config.OAUTH_GITHUB_CLIENT_SECRET,
    authorizeUrl: config.OAUTH_GITHUB_AUTHORIZE_URL,
    tokenUrl: config.OAUTH_GITHUB_TOKEN_URL,
    scope: 'read:user user:email',
    async profile(accessToken) {
      const user = (await getJson(`${api}/user`, accessToken, 'application/vnd.github+json')) as Record<
        string,
        unknown
      >;
      const emails = await getJson(`${api}/user/emails`, accessToken, 'application/vnd.github+json');
      const list = Array.isArray(emails) ? (emails as Record<string, unknown>[]) : [];
      // The primary address if verified, else any verified one: GitHub lets users add unverified ones.
      const verified = list.filter((e) => e.verified === true && str(e.email));
      const chosen = verified.find((e) => e.primary === true) ?? verified[0];
      const id = user.id;
      if (typeof id !== 'number' && typeof id !== 'string')
        throw new OAuthError('oauth_provider_error', 'GitHub user without id');
      return {
        subject: String(id),
        verifiedEmail: str(chosen?.email),
        name: str(user.name) ?? str(user.login) ?? 'GitHub user',
      };
    },
  };
}

function google(config: Config): OAuthProvider | null {
  if (!config.OAUTH_GOOGLE_CLIENT_ID || !config.OAUTH_GOOGLE_CLIENT_SECRET) return null;
  const userinfo = config.OAUTH_GOOGLE_USERINFO_URL;
  return {
    id: 'google',
    clientId: config.OAUTH_GOOGLE_CLIENT_ID,
    clientSecret: config.OAUTH_GOOGLE_CLIENT_SECRET,
    authorizeUrl: config.OAUTH_GOOGLE_AUTHORIZE_URL,
    tokenUrl: config.OAUTH_GOOGLE_TOKEN_URL,
    scope: 'openid email profile',
    async profile(accessToken) {
      const info = (await getJson(userinfo, accessToken)) as Record<string, unknown>;
      const sub = str(info.sub);
      if (!sub) throw new OAuthError('oauth_provider_error', 'Google user without sub');
      const verified = info.email_verified === true || info.email_verified === 'true';
      return { subject: sub, verifiedEmail: verified ? str(info.email) : null, name: str(info.name) ?? 'Google user' };
    },
  };
}

export function oauthProvider(config: Config, id: ProviderId): OAuthProvider | null {
  return id === 'github' ? github(config) : google(config);
}

export function configuredProviders(config: Config): ProviderId[] {
  return PROVIDERS.filter((id) => oauthProvider(config, id) !== null);
}

/** PKCE: a random verifier and its S256 challenge (RFC 7636). */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return { verifier, challenge: b64url(digest) };
}

export function authorizeRedirect(
  provider: OAuthProvider,
  input: { redirectUri: string; state: string; challenge: string },
): string {
  const url = new URL(provider.authorizeUrl);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', provider.scope);
  url.searchParams.set('state', input.state);
  url.searchParams.set('code_challenge', input.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (provider.id === 'google') url.searchParams.set('prompt', 'select_account');
  return url.toString();
}

/** Exchanges the code (with the PKCE verifier) for the provider's access token. */
export async function exchangeCode(
  provider: OAuthProvider,
  input: { code: string; redirectUri: string; verifier: string },
): Promise<string> {
  const res = await providerFetch(provider.tokenUrl, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: provider.clientId,
      client_secret: provider.clientSecret,
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.verifier,
    }),
  });
  // GitHub answers 200 with {error} for a bad code: check the body, not only the status.
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  const token = str(body.access_token);
  if (!res.ok || !token) throw new OAuthError('oauth_exchange_failed', 'the provider refused the authorization code');
  return token;
}
