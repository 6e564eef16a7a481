// The dashboard theme preference on the account: PATCH /api/me stores it, GET /api/me and every
// sign-in answer return it, and bad values are a 400, not a 500.
import { describe, expect, it } from 'vitest';
import { signUp } from './helpers/accounts.ts';
import { expectError, http, httpJson } from './helpers/http.ts';

describe('PATCH /api/me theme', () => {
  it('defaults to system, stores light/dark, and leaves the name alone', async () => {
    const user = await signUp();
    expect((await httpJson('GET', '/api/me', { token: user.accessToken })).body).toMatchObject({ theme: 'system' });
    const dark = await httpJson('PATCH', '/api/me', { token: user.accessToken, json: { theme: 'dark' } });
    expect(dark.status).toBe(200);
    expect(dark.body).toMatchObject({ theme: 'dark', name: 'Test User' });
    const renamed = await httpJson('PATCH', '/api/me', { token: user.accessToken, json: { name: 'Grace' } });
    expect(renamed.body).toMatchObject({ theme: 'dark', name: 'Grace' });
    expect((await httpJson('GET', '/api/me', { token: user.accessToken })).body).toMatchObject({ theme: 'dark' });
  });

  it('refuses an unknown theme and an empty update with 400', async () => {
    const user = await signUp();
    await expectError(http('PATCH', '/api/me', { token: user.accessToken, json: { theme: 'sepia' } }), 400);
    await expectError(http('PATCH', '/api/me', { token: user.accessToken, json: {} }), 400);
  });
});
