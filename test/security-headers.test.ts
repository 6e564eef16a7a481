// The Worker's answers carry the security headers (CSP with frame-ancestors 'none', HSTS,
// Referrer-Policy, nosniff, no framing) on /api/* and /healthz, errors included; the widget's
// scripts and attachments stay loadable from customers' sites (CORP cross-origin, no framing or
// CSP rules that would stop them), and the local demo page keeps its own CSP.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index.ts';
import { CONTENT_SECURITY_POLICY } from '../worker/middleware/security-headers.ts';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
const get = (path: string) => exports.default.fetch(`http://parley.test${path}`);

/** ASSETS with the widget's two kinds of file, as wrangler serves dist/public. */
const assets = {
  fetch: async () => new Response('export function mount(){}', { headers: { 'content-type': 'text/javascript' } }),
  connect: () => {
    throw new Error('not used');
  },
} as unknown as Fetcher;
const getAsset = (path: string) =>
  worker.fetch(
    new Request(`http://parley.test${path}`, { headers: { origin: 'https://shop.example' } }),
    { ...env, ASSETS: assets },
    ctx,
  );

function expectProtective(headers: Headers) {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toBe(CONTENT_SECURITY_POLICY);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
}

describe('security headers', () => {
  it('are on /healthz', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expectProtective(res.headers);
  });

  it('are on /api/* answers, errors and the OpenAPI document included', async () => {
    for (const path of ['/api/openapi.json', '/api/me', '/api/nowhere']) {
      const res = await get(path);
      expect([200, 401, 404], path).toContain(res.status);
      expectProtective(res.headers);
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
    }
  });

  it('leave the widget scripts loadable cross-origin: CORP cross-origin, CORS, no framing or CSP rules', async () => {
    for (const path of ['/widget.js', '/widget/app-AbC123.js']) {
      const res = await getAsset(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=/);
      expect(res.headers.get('content-security-policy'), path).toBeNull();
      expect(res.headers.get('x-frame-options'), path).toBeNull();
      expect(res.headers.get('cross-origin-opener-policy'), path).toBeNull();
    }
  });

  it("leave attachments loadable by the widget's <img> on a customer's page (CORP cross-origin)", async () => {
    const res = await get(`/api/attachments/${crypto.randomUUID()}?exp=1&kid=k&sig=x`);
    expect(res.status).toBe(403);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('leave the local demo page alone: its own strict CSP, or none', async () => {
    const strict = await get('/dev/demo?csp=strict');
    expect(strict.headers.get('content-security-policy')).toContain("script-src 'nonce-");
    expect(strict.headers.get('content-security-policy')).not.toContain("default-src 'self'");
    const plain = await get('/dev/demo');
    expect(plain.headers.get('content-security-policy')).toBeNull();
  });
});
