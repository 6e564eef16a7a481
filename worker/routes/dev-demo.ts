// GET /dev/demo: a host page embedding the widget, for `npm run dev` and the end-to-end tests.
// Local and test only (404 elsewhere). Query: key (a widget key, default the seeded demo's),
// plain=1 (no hostile CSS), nowidget=1 (the page alone), csp=strict or csp=strict-dynamic (a
// strict Content-Security-Policy with only what docs/WIDGET.md says the widget needs),
// parley=<origin> (load the widget from another origin, to exercise the cross-origin path).

import { Hono } from 'hono';
import { readAppEnv } from '../../core/platform/config.ts';
import type { AppEnv } from '../app-env.ts';
import { badRequest, notFound } from '../errors.ts';
import { demoPage } from './dev-demo-page.ts';

const DEMO_KEY = 'pk_demo_local';
const KEY = /^pk_[A-Za-z0-9_-]{1,64}$/;

function origin(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.origin;
  } catch {
    throw badRequest('parley must be an http(s) origin');
  }
}

/**
 * The CSP a careful customer would set: nothing but its own nonce'd page code and Parley. With
 * `dynamic`, scripts are trusted by nonce and 'strict-dynamic' alone (no host allow-list).
 */
export function strictCsp(parleyOrigin: string, nonce: string, dynamic = false): string {
  const ws = parleyOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    dynamic ? `script-src 'nonce-${nonce}' 'strict-dynamic'` : `script-src 'nonce-${nonce}' ${parleyOrigin}`,
    `style-src 'nonce-${nonce}'`,
    `connect-src ${parleyOrigin} ${ws}`,
    `img-src ${parleyOrigin} https: data:`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types',
  ].join('; ');
}

export const devDemo = new Hono<AppEnv>().get('/dev/demo', (c) => {
  const appEnv = readAppEnv(c.env);
  if (appEnv !== 'local' && appEnv !== 'test') throw notFound('Page');
  const key = c.req.query('key') ?? DEMO_KEY;
  if (!KEY.test(key)) throw badRequest('key must look like pk_…');
  const parleyOrigin = origin(c.req.query('parley'), new URL(c.req.url).origin);
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const html = demoPage({
    parleyOrigin,
    widgetKey: key,
    hostile: c.req.query('plain') !== '1',
    widget: c.req.query('nowidget') !== '1',
    nonce,
  });
  c.header('cache-control', 'no-store');
  const csp = c.req.query('csp');
  if (csp === 'strict' || csp === 'strict-dynamic') {
    c.header('content-security-policy', strictCsp(parleyOrigin, nonce, csp === 'strict-dynamic'));
  }
  return c.html(html);
});
