// A visitor's own name and email (pre-chat form): stored as unverified claims, cross-origin,
// never over a host-verified identity, never for another visitor; bad input is a typed 400.
import { describe, expect, it } from 'vitest';
import { http } from './helpers/http.ts';
import { tenant, visitorOf } from './helpers/tenant.ts';

const claim = (token: string | undefined, json: unknown, headers: Record<string, string> = {}) =>
  http('POST', '/api/widget/visitor', { token, json, headers });

describe('POST /api/widget/visitor', () => {
  it('records name and email, and the next session returns them', async () => {
    const project = await tenant();
    const session = await visitorOf(project);
    const res = await claim(session.token, { name: '  Vic Visitor ', email: 'vic@example.com' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      visitor: { id: session.visitor.id, name: 'Vic Visitor', email: 'vic@example.com', verified: false },
    });
    const again = await visitorOf(project, { visitorToken: session.token });
    expect(again.visitor).toMatchObject({ id: session.visitor.id, name: 'Vic Visitor', email: 'vic@example.com' });
  });

  it('answers a cross-origin preflight and carries CORS headers, like the other widget routes', async () => {
    const pre = await http('OPTIONS', '/api/widget/visitor', {
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const project = await tenant();
    const session = await visitorOf(project);
    const res = await claim(session.token, { name: 'X' }, { origin: 'https://shop.example' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('refuses to overwrite an identity the host verified', async () => {
    const secret = 'host-identity-secret';
    const project = await tenant({ identitySecret: secret });
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('user-42')));
    const hash = [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
    const session = await visitorOf(project, {
      identity: { userId: 'user-42', hash, name: 'Real Name' },
    });
    expect(session.visitor.verified).toBe(true);
    const res = await claim(session.token, { name: 'Impostor' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('identity_verified');
  });

  it('needs a visitor token, and rejects bad or empty input with a typed 400', async () => {
    expect((await claim(undefined, { name: 'x' })).status).toBe(401);
    const project = await tenant();
    const session = await visitorOf(project);
    for (const body of [{}, { email: 'not-an-email' }, { name: '' }, { name: 'x'.repeat(201) }]) {
      const res = await claim(session.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
    const raw = await http('POST', '/api/widget/visitor', { token: session.token, body: 'nope' });
    expect(raw.status).toBe(400);
  });
});
