// The dashboard's refresh-token cookie and the CSRF check for the routes that read it.
// The cookie is HttpOnly (scripts cannot read it), Secure, SameSite=Strict (no cross-site request
// carries it) and scoped to /api/auth (no other route receives it). The routes that act on it also
// require a custom header that a cross-site form or image cannot send, and the Origin of a dashboard:
// the API's own, or DASHBOARD_ORIGIN (Pages, a sibling subdomain: same site, so Strict still holds).
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { forbidden } from '../errors.ts';
import { dashboardOrigins } from '../lib/origins.ts';

export const REFRESH_COOKIE = 'parley_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';
export const CSRF_HEADER = 'x-parley-csrf';

export function setRefreshCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: REFRESH_COOKIE_PATH,
    expires: expiresAt,
  });
}

export function clearRefreshCookie(c: Context): void {
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, secure: true, httpOnly: true, sameSite: 'Strict' });
}

export function readRefreshCookie(c: Context): string | null {
  return getCookie(c, REFRESH_COOKIE) ?? null;
}

/** For state-changing routes that act on the cookie: custom header present, Origin (if sent) a dashboard's. */
export const requireCsrfHeader = () =>
  createMiddleware<AppEnv>(async function requireCsrfHeader(c, next) {
    if (c.req.header(CSRF_HEADER) !== '1') throw forbidden(`Missing ${CSRF_HEADER}: 1 header`, 'csrf');
    const origin = c.req.header('origin');
    if (origin && !dashboardOrigins(c).includes(origin)) throw forbidden('Cross-origin request refused', 'csrf');
    await next();
  });
