// A local stand-in for GitHub's and Google's OAuth endpoints, for end-to-end tests: it checks the
// client credentials, redirect URI, state round trip and the PKCE S256 proof exactly as the real
// providers do. The identity to sign in as is chosen by the test: a `fake_profile` query parameter
// (base64url JSON) added to the authorize URL, as a user would pick an account on the consent page.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeProfile {
  id: string;
  email: string;
  /** Whether the provider reports the email as verified. */
  verified: boolean;
  name: string;
}

export interface FakeOAuthProvider {
  url: string;
  clients: { github: { id: string; secret: string }; google: { id: string; secret: string } };
  close(): Promise<void>;
}

interface Grant {
  provider: 'github' | 'google';
  profile: FakeProfile;
  challenge: string;
  redirectUri: string;
  clientId: string;
}

const b64url = (buf: Buffer) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export async function startFakeOAuthProvider(port = 0): Promise<FakeOAuthProvider> {
  const clients = {
    github: { id: 'gh-client-id', secret: `gh-secret-${randomBytes(6).toString('hex')}` },
    google: { id: 'google-client-id', secret: `google-secret-${randomBytes(6).toString('hex')}` },
  };
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, FakeProfile>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const readForm = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return new URLSearchParams(text);
  };

  const authorize = (provider: 'github' | 'google', url: URL, res: ServerResponse) => {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    const state = q.get('state');
    const challenge = q.get('code_challenge');
    const raw = q.get('fake_profile');
    if (q.get('client_id') !== clients[provider].id) return send(res, 400, { error: 'invalid_client' });
    if (
      !redirectUri ||
      !state ||
      !challenge ||
      q.get('code_challenge_method') !== 'S256' ||
      q.get('response_type') !== 'code'
    ) {
      return send(res, 400, { error: 'invalid_request' });
    }
    const target = new URL(redirectUri);
    if (!raw) {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('state', state);
    } else {
      const profile = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as FakeProfile;
      const code = b64url(randomBytes(16));
      codes.set(code, { provider, profile, challenge, redirectUri, clientId: clients[provider].id });
      target.searchParams.set('code', code);
      target.searchParams.set('state', state);
    }
    res.writeHead(302, { location: target.toString() });
    res.end();
  };

  const token = async (provider: 'github' | 'google', req: IncomingMessage, res: ServerResponse) => {
    const form = await readForm(req);
    const code = form.get('code') ?? '';
    const grant = codes.get(code);
    codes.delete(code); // single use, like the real ones
    const verifier = form.get('code_verifier') ?? '';
    const ok =
      grant?.provider === provider &&
      form.get('client_id') === clients[provider].id &&
      form.get('client_secret') === clients[provider].secret &&
      form.get('redirect_uri') === grant.redirectUri &&
      b64url(createHash('sha256').update(verifier).digest()) === grant.challenge;
    // GitHub answers 200 with an error body; Google a 400.
    if (!ok || !grant) return send(res, provider === 'github' ? 200 : 400, { error: 'invalid_grant' });
    const accessToken = b64url(randomBytes(16));
    tokens.set(accessToken, grant.profile);
    return send(res, 200, { access_token: accessToken, token_type: 'bearer' });
  };

  const bearer = (req: IncomingMessage) => tokens.get((req.headers.authorization ?? '').replace(/^Bearer /i, ''));

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = `${req.method} ${url.pathname}`;
    const run = async () => {
      if (route === 'GET /github/authorize') return authorize('github', url, res);
      if (route === 'GET /google/authorize') return authorize('google', url, res);
      if (route === 'POST /github/token') return token('github', req, res);
      if (route === 'POST /google/token') return token('google', req, res);
      const profile = bearer(req);
      if (!profile) return send(res, 401, { message: 'Bad credentials' });
      if (route === 'GET /github/api/user')
        return send(res, 200, { id: Number(profile.id), login: `u${profile.id}`, name: profile.name });
      if (route === 'GET /github/api/user/emails') {
        return send(res, 200, [{ email: profile.email, primary: true, verified: profile.verified }]);
      }
      if (route === 'GET /google/userinfo') {
        return send(res, 200, {
          sub: profile.id,
          email: profile.email,
          email_verified: profile.verified,
          name: profile.name,
        });
      }
      return send(res, 404, { error: 'not_found' });
    };
    run().catch(() => send(res, 500, { error: 'fake provider error' }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    clients,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
