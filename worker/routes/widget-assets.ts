// GET /widget.js (the loader, at a stable URL, cached briefly so a deploy reaches every site within
// minutes) and GET /widget/<name>-<hash>.js (the full widget, content-hashed, cached for a year and
// immutable), both from the ASSETS binding. The full widget is import()ed cross-origin by the
// loader, so it carries CORS and CORP headers.
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { notFound } from '../errors.ts';

export const LOADER_CACHE = 'public, max-age=300';
export const VERSIONED_CACHE = 'public, max-age=31536000, immutable';

const VERSIONED = /^[A-Za-z0-9_-]+\.js$/;

async function serve(request: Request, assets: Fetcher, path: string, cacheControl: string): Promise<Response> {
  const url = new URL(path, request.url);
  // Forward conditional headers so an unchanged loader answers 304.
  const headers = new Headers();
  for (const name of ['if-none-match', 'if-modified-since']) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const res = await assets.fetch(new Request(url, { headers }));
  const type = res.headers.get('content-type') ?? '';
  // A missing file may come back as the dashboard's index.html (single-page-application fallback).
  if (res.status === 304) return withHeaders(new Response(null, res), cacheControl);
  if (!res.ok || !/javascript/.test(type)) throw notFound('Widget asset');
  return withHeaders(new Response(res.body, res), cacheControl);
}

function withHeaders(res: Response, cacheControl: string): Response {
  res.headers.set('cache-control', cacheControl);
  res.headers.set('content-type', 'text/javascript; charset=utf-8');
  res.headers.set('x-content-type-options', 'nosniff');
  // Host pages on any origin load these; dynamic import() of a module is a CORS request.
  res.headers.set('access-control-allow-origin', '*');
  res.headers.set('cross-origin-resource-policy', 'cross-origin');
  return res;
}

export const widgetAssets = new Hono<AppEnv>()
  .get('/widget.js', (c) => serve(c.req.raw, c.env.ASSETS, '/widget.js', LOADER_CACHE))
  .get('/widget/:file', (c) => {
    const file = c.req.param('file');
    if (!VERSIONED.test(file)) throw notFound('Widget asset');
    return serve(c.req.raw, c.env.ASSETS, `/widget/${file}`, VERSIONED_CACHE);
  });
