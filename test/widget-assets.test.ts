// The Worker serves the widget: the loader briefly cached, hashed bundles immutable, both loadable
// cross-origin; anything else under /widget/ is a typed 404, never the dashboard's HTML.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index.ts';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

/** ASSETS as wrangler serves dist/public: two widget files, index.html for anything else (SPA fallback). */
function assets(requests: Request[] = []): Fetcher {
  const files: Record<string, string> = {
    '/widget.js': '(function(){/* loader */})();',
    '/widget/app-AbC123.js': 'export function mount(){}',
  };
  return {
    fetch: async (input: RequestInfo | URL) => {
      const req = new Request(input);
      requests.push(req);
      const path = new URL(req.url).pathname;
      const body = files[path];
      if (body === undefined)
        return new Response('<!doctype html><title>dashboard</title>', { headers: { 'content-type': 'text/html' } });
      if (req.headers.get('if-none-match') === '"v1"')
        return new Response(null, { status: 304, headers: { etag: '"v1"' } });
      return new Response(body, { headers: { 'content-type': 'application/javascript', etag: '"v1"' } });
    },
    connect: () => {
      throw new Error('not used');
    },
  } as unknown as Fetcher;
}

const get = (path: string, headers?: HeadersInit, requests?: Request[]) =>
  worker.fetch(new Request(`http://parley.test${path}`, { headers }), { ...env, ASSETS: assets(requests) }, ctx);

describe('GET /widget.js', () => {
  it('serves the loader as JavaScript, cached for five minutes, loadable from any origin', async () => {
    const res = await get('/widget.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('loader');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('answers 304 to a revalidation with the same ETag, keeping the cache headers', async () => {
    const requests: Request[] = [];
    const res = await get('/widget.js', { 'if-none-match': '"v1"' }, requests);
    expect(res.status).toBe(304);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(requests[0]?.headers.get('if-none-match')).toBe('"v1"');
  });
});

describe('GET /widget/<hashed>.js', () => {
  it('serves a versioned bundle as immutable for a year, with CORS for import()', async () => {
    const res = await get('/widget/app-AbC123.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('mount');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a typed 404 for an unknown bundle instead of the SPA fallback page', async () => {
    const res = await get('/widget/app-gone.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Widget asset not found' } });
  });

  it('refuses names that are not plain bundle file names', async () => {
    for (const path of ['/widget/..%2Fsecrets.js', '/widget/app.css', '/widget/a%20b.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
    }
  });
});
