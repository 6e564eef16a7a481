// CORS for a dashboard hosted on another origin (Cloudflare Pages, DASHBOARD_ORIGIN): credentials
// for exactly that configured origin, never whatever Origin a request names; any other origin gets
// no CORS header at all. Unset (the default: the Worker serves the dashboard) it does nothing.
// Not on /api/widget/* (open CORS without credentials, its own) nor /api/attachments/* (open to all).
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { ConfigError, readConfig } from '../../core/platform/config.ts';
import type { AppEnv } from '../app-env.ts';
import { CSRF_HEADER } from '../auth/cookies.ts';

/** The browser caps it (Chromium: 2 h); every new URL still costs one preflight per origin. */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

const ownCors = (path: string) =>
  path === '/api/widget' || path.startsWith('/api/widget/') || path.startsWith('/api/attachments/');

function configuredOrigin(env: Env): string | undefined {
  try {
    return readConfig(env).DASHBOARD_ORIGIN;
  } catch (err) {
    // A broken configuration is answered (503 `misconfigured`) by the request context.
    if (err instanceof ConfigError) return undefined;
    throw err;
  }
}

export const dashboardCors = (): MiddlewareHandler<AppEnv> => {
  const byOrigin = new Map<string, MiddlewareHandler>();
  const corsFor = (origin: string) => {
    let handler = byOrigin.get(origin);
    if (!handler) {
      handler = cors({
        // A string: Hono answers with it only when the request's Origin equals it.
        origin,
        credentials: true,
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type', CSRF_HEADER],
        maxAge: PREFLIGHT_MAX_AGE_SECONDS,
      });
      byOrigin.set(origin, handler);
    }
    return handler;
  };

  return async function dashboardCors(c, next) {
    const origin = configuredOrigin(c.env);
    if (!origin || ownCors(c.req.path)) return next();
    if (c.req.header('origin') === origin) return corsFor(origin)(c, next);
    await next();
    // The answer depends on Origin: a cache must not hand one origin's answer to the other.
    c.header('Vary', 'Origin', { append: true });
  };
};
