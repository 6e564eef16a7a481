// Personal API tokens cannot mint tokens, and no token outlives the fixed maximum lifetime
// (API_TOKEN_MAX_DAYS): a leaked Manager token must not be able to leave successors behind.
import { describe, expect, it } from 'vitest';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS } from '../worker/auth/api-tokens.ts';
import { signUp } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';

const DAY = 86_400_000;

describe('API token limits', () => {
  it('a Manager API token cannot create API tokens (403 api_token_cannot_create_tokens)', async () => {
    const owner = await signUp();
    const created = await httpJson<{ token: string }>('POST', `/api/projects/${owner.projectId}/tokens`, {
      token: owner.accessToken,
      json: { name: 'ops', role: 'manager', expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const pat = created.body.token;
    // It is a Manager token: it opens Manager routes…
    expect((await http('GET', `/api/projects/${owner.projectId}/tokens`, { token: pat })).status).toBe(200);
    // …but cannot mint a successor.
    await expectError(
      http('POST', `/api/projects/${owner.projectId}/tokens`, { token: pat, json: { name: 'heir', role: 'manager' } }),
      403,
      'api_token_cannot_create_tokens',
    );
    const [row] = await sql<{ n: string }>('select count(*) as n from api_tokens where project_id = $1', [
      owner.projectId,
    ]);
    expect(Number(row?.n)).toBe(1);
  });

  it(`lifetimes: at most ${API_TOKEN_MAX_DAYS} days (400 above), ${API_TOKEN_DEFAULT_DAYS} days when not given`, async () => {
    const owner = await signUp();
    const tokens = `/api/projects/${owner.projectId}/tokens`;
    await expectError(
      http('POST', tokens, {
        token: owner.accessToken,
        json: { name: 'forever', role: 'agent', expiresInDays: API_TOKEN_MAX_DAYS + 1 },
      }),
      400,
      'invalid_request',
    );
    const longest = await httpJson<{ expiresAt: string }>('POST', tokens, {
      token: owner.accessToken,
      json: { name: 'year', role: 'agent', expiresInDays: API_TOKEN_MAX_DAYS },
    });
    expect(longest.status).toBe(201);
    expect(Date.parse(longest.body.expiresAt) - Date.now()).toBeGreaterThan((API_TOKEN_MAX_DAYS - 1) * DAY);
    const unset = await httpJson<{ expiresAt: string | null }>('POST', tokens, {
      token: owner.accessToken,
      json: { name: 'default', role: 'agent' },
    });
    expect(unset.status).toBe(201);
    const lifetime = Date.parse(unset.body.expiresAt ?? '') - Date.now();
    expect(lifetime).toBeGreaterThan((API_TOKEN_DEFAULT_DAYS - 1) * DAY);
    expect(lifetime).toBeLessThanOrEqual(API_TOKEN_DEFAULT_DAYS * DAY);
  });

  it('a token stored without an expiry (made before the maximum) stops working once it is older than the maximum', async () => {
    const owner = await signUp();
    const created = await httpJson<{ id: string; token: string }>('POST', `/api/projects/${owner.projectId}/tokens`, {
      token: owner.accessToken,
      json: { name: 'legacy', role: 'agent' },
    });
    await sql('update api_tokens set expires_at = null where id = $1', [created.body.id]);
    const project = `/api/projects/${owner.projectId}`;
    expect((await http('GET', project, { token: created.body.token })).status).toBe(200);
    await sql(`update api_tokens set created_at = now() - make_interval(days => $2::int + 1) where id = $1`, [
      created.body.id,
      API_TOKEN_MAX_DAYS,
    ]);
    await expectError(http('GET', project, { token: created.body.token }), 401, 'invalid_token');
  });
});
