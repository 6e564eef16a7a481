// The demo host page exists only locally and in tests, embeds the widget the way customers do,
// and with ?csp=strict sends a CSP that allows nothing but its own nonce'd code and Parley.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index.ts';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

describe('GET /dev/demo', () => {
  it('embeds the loader with the demo widget key and hostile CSS', async () => {
    const res = await exports.default.fetch('http://parley.test/dev/demo');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<script async src="http://parley.test/widget.js" data-widget-key="pk_demo_local" nonce="');
    expect(html).toContain('all: unset !important');
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('is a 404 in production and staging', async () => {
    for (const APP_ENV of ['production', 'staging'] as const) {
      const res = await worker.fetch(new Request('http://parley.test/dev/demo'), { ...env, APP_ENV }, ctx);
      expect(res.status).toBe(404);
    }
  });

  it('loads the widget from another origin and sends a strict CSP naming only that origin', async () => {
    const res = await exports.default.fetch(
      'http://localhost/dev/demo?plain=1&csp=strict&key=pk_other&parley=http://127.0.0.1:8830/ignored/path',
    );
    const html = await res.text();
    expect(html).toContain('src="http://127.0.0.1:8830/widget.js" data-widget-key="pk_other"');
    expect(html).not.toContain('all: unset');
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = html.match(/nonce="([^"]+)"/)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain(`script-src 'nonce-${nonce}' http://127.0.0.1:8830`);
    expect(csp).toContain('connect-src http://127.0.0.1:8830 ws://127.0.0.1:8830');
    expect(csp).toContain(`style-src 'nonce-${nonce}'`);
    expect(csp).not.toContain('unsafe-inline');
  });

  it("with csp=strict-dynamic trusts scripts by nonce and 'strict-dynamic' only", async () => {
    const res = await exports.default.fetch('http://parley.test/dev/demo?csp=strict-dynamic');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  });

  it('rejects a widget key or origin that could break out of the page', async () => {
    for (const query of ['key=pk_x"><script>', 'parley=javascript:alert(1)', 'parley=not-a-url']) {
      const res = await exports.default.fetch(`http://parley.test/dev/demo?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
  });
});
