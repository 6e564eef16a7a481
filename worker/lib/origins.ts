// The Worker's two public places: the API's URL (PUBLIC_URL, else the request's origin) and the
// dashboard's, which is the same unless the dashboard is hosted elsewhere (DASHBOARD_ORIGIN, Pages).
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** Where the API answers: OAuth redirect URIs, the OpenAPI document's server. */
export function apiUrl(c: Context<AppEnv>): string {
  return c.get('config').PUBLIC_URL?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;
}

/** Where agents open the dashboard: links in emails, where OAuth sign-in lands. */
export function dashboardUrl(c: Context<AppEnv>): string {
  return c.get('config').DASHBOARD_ORIGIN ?? apiUrl(c);
}

/** The origins a dashboard may send cookie-bearing requests from: the API's own, and DASHBOARD_ORIGIN. */
export function dashboardOrigins(c: Context<AppEnv>): string[] {
  const own = new URL(apiUrl(c)).origin;
  const pages = c.get('config').DASHBOARD_ORIGIN;
  return pages && pages !== own ? [own, pages] : [own];
}
