// Access and visitor JWTs must carry exp, iat and sub: a token signed with the right key but
// missing one of them is refused like a forged one (a token without exp would never expire).
import { decodeJwt, type JWTPayload, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { config } from './helpers/db.ts';
import { http } from './helpers/http.ts';
import { nonMember, tenant, visitorOf } from './helpers/tenant.ts';

/** Signs `claims` exactly as given, with the active key of AUTH_JWT_KEYS. */
async function sign(claims: JWTPayload): Promise<string> {
  const keys = config().AUTH_JWT_KEYS;
  const key = keys.keys.get(keys.active);
  if (!key) throw new Error('no active key');
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: keys.active, typ: 'JWT' }).sign(key);
}

const without = (claims: JWTPayload, name: string) =>
  Object.fromEntries(Object.entries(claims).filter(([k]) => k !== name));
const now = () => Math.floor(Date.now() / 1000);

describe('required JWT claims', () => {
  it('an agent access token without exp, iat or sub is refused (401 invalid_token)', async () => {
    const agent = await nonMember();
    const { sub, sid } = decodeJwt(agent.token);
    const full = { sub, sid, iss: 'parley', aud: 'parley:agent', iat: now(), exp: now() + 600 };
    expect((await http('GET', '/api/me', { token: await sign(full) })).status).toBe(200);
    for (const claim of ['exp', 'iat', 'sub']) {
      const res = await http('GET', '/api/me', { token: await sign(without(full, claim)) });
      expect({ claim, status: res.status, body: await res.json() }).toMatchObject({
        claim,
        status: 401,
        body: { error: { code: 'invalid_token' } },
      });
    }
  });

  it('a visitor token without exp, iat or sub is refused (401 invalid_token)', async () => {
    const session = await visitorOf(await tenant());
    const { sub, pid } = decodeJwt(session.token);
    const full = { sub, pid, iss: 'parley', aud: 'parley:visitor', iat: now(), exp: now() + 600 };
    const claimName = (token: string) => http('POST', '/api/widget/visitor', { token, json: { name: 'Vic' } });
    expect((await claimName(await sign(full))).status).toBe(200);
    for (const claim of ['exp', 'iat', 'sub']) {
      const res = await claimName(await sign(without(full, claim)));
      expect({ claim, status: res.status, body: await res.json() }).toMatchObject({
        claim,
        status: 401,
        body: { error: { code: 'invalid_token' } },
      });
    }
  });
});
