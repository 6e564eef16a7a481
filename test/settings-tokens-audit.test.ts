// Project settings, the identity-verification secret (shown once, encrypted at rest), personal
// API tokens (hashed, one project, capped role) and the audit log Managers read.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../core/platform/config.ts';
import { decryptSecret } from '../core/platform/secrets.ts';
import { login, signUp, signUpMember, type TestUser } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';

describe('settings', () => {
  // One project for the refusal cases: each must leave it exactly as created.
  let untouched: Promise<TestUser>;
  beforeAll(() => {
    untouched = signUp();
  });

  it('a Manager reads and changes allowed domains, widget settings and identity requirements', async () => {
    const owner = await signUp();
    const path = `/api/projects/${owner.projectId}/settings`;
    expect((await httpJson('GET', path, { token: owner.accessToken })).body).toEqual({
      allowedDomains: [],
      widgetSettings: {},
      requireVerifiedIdentity: false,
      require2fa: false,
      agentsDefineAttributes: false,
      identitySecretConfigured: false,
    });
    const changed = await httpJson('PATCH', path, {
      token: owner.accessToken,
      json: {
        allowedDomains: ['https://Shop.Example.com', 'http://localhost:3000'],
        widgetSettings: { color: '#336699', position: 'left', greeting: 'Hi!', theme: 'dark' },
        requireVerifiedIdentity: true,
      },
    });
    expect(changed.body).toMatchObject({
      allowedDomains: ['https://shop.example.com', 'http://localhost:3000'],
      widgetSettings: { color: '#336699', position: 'left', greeting: 'Hi!', theme: 'dark' },
      requireVerifiedIdentity: true,
    });
    const [row] = await sql<{ allowed_domains: string[] }>('select allowed_domains from projects where id = $1', [
      owner.projectId,
    ]);
    expect(row?.allowed_domains).toEqual(['https://shop.example.com', 'http://localhost:3000']);
  });

  it.each([
    ['a path in an origin', { allowedDomains: ['https://example.com/shop'] }],
    ['a non-http origin', { allowedDomains: ['ftp://example.com'] }],
    ['an unknown widget setting', { widgetSettings: { font: 'Comic Sans' } }],
    ['a bad colour', { widgetSettings: { color: 'red' } }],
    ['an unknown widget theme', { widgetSettings: { theme: 'sepia' } }],
    ['an unknown field', { name: 'x' }],
    ['nothing', {}],
  ])('refuses %s with 400 and changes nothing', async (_what, body) => {
    const owner = await untouched;
    await expectError(
      http('PATCH', `/api/projects/${owner.projectId}/settings`, { token: owner.accessToken, json: body }),
      400,
      'invalid_request',
    );
    const [row] = await sql<{ allowed_domains: string[]; widget_settings: object }>(
      'select allowed_domains, widget_settings from projects where id = $1',
      [owner.projectId],
    );
    expect(row).toEqual({ allowed_domains: [], widget_settings: {} });
  });
});

describe('identity-verification secret', () => {
  it('is returned once at creation, encrypted in its row, never shown again, and rotates', async () => {
    const owner = await signUp();
    const path = `/api/projects/${owner.projectId}/identity-secret`;
    const created = await httpJson<{ secret: string }>('POST', path, { token: owner.accessToken });
    expect(created.status).toBe(201);
    const { secret } = created.body;
    expect(secret).toMatch(/^ids_[\w-]{43}$/);

    const [row] = await sql<{ identity_secret: string }>('select identity_secret from projects where id = $1', [
      owner.projectId,
    ]);
    expect(row?.identity_secret).toMatch(/^enc1:e1:/);
    expect(row?.identity_secret).not.toContain(secret);
    expect(row?.identity_secret).not.toContain(secret.slice(4, 20));
    const keys = readConfig(env).ENCRYPTION_KEYS;
    expect(await decryptSecret(keys, row?.identity_secret ?? '', `projects.identity_secret:${owner.projectId}`)).toBe(
      secret,
    );

    const settings = await http('GET', `/api/projects/${owner.projectId}/settings`, { token: owner.accessToken });
    const text = await settings.text();
    expect(JSON.parse(text)).toMatchObject({ identitySecretConfigured: true });
    expect(text).not.toContain(secret);
    const audit = await http('GET', `/api/projects/${owner.projectId}/audit`, { token: owner.accessToken });
    expect(await audit.text()).not.toContain(secret);

    const rotated = await httpJson<{ secret: string }>('POST', path, { token: owner.accessToken });
    expect(rotated.body.secret).not.toBe(secret);
    expect((await http('DELETE', path, { token: owner.accessToken })).status).toBe(200);
    expect(
      (await httpJson('GET', `/api/projects/${owner.projectId}/settings`, { token: owner.accessToken })).body,
    ).toMatchObject({
      identitySecretConfigured: false,
    });
  });
});

describe('personal API tokens', () => {
  describe('an Agent token of a Manager, from creation to revocation', () => {
    // The steps share one owner (who manages two projects) and one token, in order.
    let owner: TestUser;
    let otherProjectId = '';
    let created: { id: string; token: string; prefix: string; role: string };
    let pat = '';
    beforeAll(async () => {
      owner = await signUp();
      const second = await httpJson<{ id: string }>('POST', '/api/projects', {
        token: owner.accessToken,
        json: { name: 'Other' },
      });
      otherProjectId = second.body.id;
    });

    it('is shown once at creation, with its prefix, and stored as a hash', async () => {
      const res = await httpJson<typeof created>('POST', `/api/projects/${owner.projectId}/tokens`, {
        token: owner.accessToken,
        json: { name: 'CI', role: 'agent', expiresInDays: 30 },
      });
      expect(res.status).toBe(201);
      created = res.body;
      pat = created.token;
      expect(pat).toMatch(/^plt_/);
      expect(pat.startsWith(created.prefix)).toBe(true);
      const [row] = await sql<{ token_hash: string }>('select token_hash from api_tokens where id = $1', [created.id]);
      expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('acts on its project as an Agent, though its user is a Manager', async () => {
      expect((await httpJson('GET', `/api/projects/${owner.projectId}`, { token: pat })).body).toMatchObject({
        role: 'agent',
      });
      await expectError(http('GET', `/api/projects/${owner.projectId}/members`, { token: pat }), 403, 'manager_only');
    });

    it('never reaches another project, even one its user manages, nor account routes', async () => {
      await expectError(http('GET', `/api/projects/${otherProjectId}`, { token: pat }), 404, 'not_found');
      await expectError(http('GET', '/api/me', { token: pat }), 401, 'api_token_not_allowed');
      await expectError(
        http('POST', '/api/projects', { token: pat, json: { name: 'x' } }),
        401,
        'api_token_not_allowed',
      );
    });

    it('is listed with its last use, never with its secret', async () => {
      const list = await httpJson<{ tokens: { id: string; lastUsedAt: string | null }[] }>(
        'GET',
        `/api/projects/${owner.projectId}/tokens`,
        { token: owner.accessToken },
      );
      expect(list.body.tokens.map((t) => t.id)).toEqual([created.id]);
      expect(list.body.tokens[0]?.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(list.body)).not.toContain(pat);
    });

    it('is revoked only through its own project, and dies when revoked', async () => {
      const stranger = await signUp();
      await expectError(
        http('DELETE', `/api/projects/${stranger.projectId}/tokens/${created.id}`, { token: stranger.accessToken }),
        404,
      );
      expect(
        (await http('DELETE', `/api/projects/${owner.projectId}/tokens/${created.id}`, { token: owner.accessToken }))
          .status,
      ).toBe(200);
      await expectError(http('GET', `/api/projects/${owner.projectId}`, { token: pat }), 401, 'invalid_token');
    });
  });

  it('a Manager token opens Manager routes, follows its user’s role, and dies with the membership', async () => {
    const owner = await signUp();
    const manager = await signUpMember(owner, 'manager');
    const created = await httpJson<{ token: string }>('POST', `/api/projects/${owner.projectId}/tokens`, {
      token: manager.accessToken,
      json: { name: 'ops', role: 'manager' },
    });
    const pat = created.body.token;
    expect((await http('GET', `/api/projects/${owner.projectId}/members`, { token: pat })).status).toBe(200);
    await http('PATCH', `/api/projects/${owner.projectId}/members/${manager.userId}`, {
      token: owner.accessToken,
      json: { role: 'agent' },
    });
    await expectError(http('GET', `/api/projects/${owner.projectId}/members`, { token: pat }), 403, 'manager_only');
    await http('DELETE', `/api/projects/${owner.projectId}/members/${manager.userId}`, { token: owner.accessToken });
    await expectError(http('GET', `/api/projects/${owner.projectId}`, { token: pat }), 401, 'invalid_token');
  });

  it('an expired token is refused', async () => {
    const owner = await signUp();
    const created = await httpJson<{ id: string; token: string }>('POST', `/api/projects/${owner.projectId}/tokens`, {
      token: owner.accessToken,
      json: { name: 'short', role: 'agent', expiresInDays: 1 },
    });
    await sql(`update api_tokens set expires_at = now() - interval '1 second' where id = $1`, [created.body.id]);
    await expectError(
      http('GET', `/api/projects/${owner.projectId}`, { token: created.body.token }),
      401,
      'invalid_token',
    );
  });
});

describe('audit log', () => {
  it('records sign-ins, failures, role changes, token creation and removals for the project’s Managers, paginated', async () => {
    const owner = await signUp();
    const agent = await signUpMember(owner, 'agent');
    expect((await login(agent.email, 'wrong password')).status).toBe(401);
    await login(agent.email, agent.password);
    await http('PATCH', `/api/projects/${owner.projectId}/members/${agent.userId}`, {
      token: owner.accessToken,
      json: { role: 'manager' },
    });
    await http('POST', `/api/projects/${owner.projectId}/tokens`, {
      token: owner.accessToken,
      json: { name: 't', role: 'agent' },
    });
    await http('DELETE', `/api/projects/${owner.projectId}/members/${agent.userId}`, { token: owner.accessToken });

    const path = `/api/projects/${owner.projectId}/audit`;
    const all = await httpJson<{
      events: { type: string; actor: { email: string } | null; target: { email: string } | null }[];
    }>('GET', path, { token: owner.accessToken });
    const types = all.body.events.map((e) => e.type);
    for (const type of [
      'project.created',
      'member.added',
      'auth.signed_in',
      'auth.sign_in_failed',
      'member.role_changed',
      'api_token.created',
      'member.removed',
    ]) {
      expect(types).toContain(type);
    }
    expect(types[0]).toBe('member.removed');
    expect(all.body.events[0]).toMatchObject({ actor: { email: owner.email }, target: { email: agent.email } });

    // Pages of 2 walk the same events in the same order.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { events: { type: string }[]; nextCursor: string | null } } = await httpJson(
        'GET',
        `${path}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: owner.accessToken },
      );
      walked.push(...page.body.events.map((e) => e.type));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual(types);

    await expectError(http('GET', `${path}?limit=0`, { token: owner.accessToken }), 400, 'invalid_request');
    // A cursor this API did not return is refused as one, before any query: garbage, and cursors
    // that name no instant (13th month, year 0) or no id.
    const forged = (t: string, id: string) => Buffer.from(JSON.stringify({ t, id })).toString('base64url');
    for (const bad of [
      'nope',
      forged('2026-13-45T99:99:99Z', owner.projectId),
      forged('0000-01-01T00:00:00Z', owner.projectId),
      forged('2026-01-01T00:00:00Z', '------------------------------------'),
      `2026-01-01T00:00:00Z_${owner.projectId}`,
    ]) {
      await expectError(
        http('GET', `${path}?cursor=${encodeURIComponent(bad)}`, { token: owner.accessToken }),
        400,
        'invalid_cursor',
      );
    }
    const stranger = await signUp();
    await expectError(http('GET', path, { token: stranger.accessToken }), 404, 'not_found');
  });
});
