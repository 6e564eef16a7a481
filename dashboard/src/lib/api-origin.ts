// Where the API and its sockets are: this page's own origin (the default, the Worker serves the
// dashboard) or the origin the build was given in VITE_PARLEY_API_ORIGIN (the dashboard on
// Cloudflare Pages, `npm run deploy:dashboard`). The one place the dashboard reads it.

/** The configured origin, normalised; null when unset (same origin). A bad value fails the load loudly. */
export function resolveApiOrigin(value: string | undefined): string | null {
  if (!value) return null;
  return new URL(value).origin;
}

/** null: the API is on this page's origin. */
export const API_ORIGIN = resolveApiOrigin(import.meta.env.VITE_PARLEY_API_ORIGIN);

/** The origin serving the API, /widget.js and the sockets. */
export function apiOrigin(): string {
  return API_ORIGIN ?? window.location.origin;
}

/** A path of the API (`/api/…`, a signed attachment link) as the browser must request it. */
export function apiUrl(path: string): string {
  return API_ORIGIN && path.startsWith('/') ? `${API_ORIGIN}${path}` : path;
}

/** ws(s):// URL of a socket path on `origin`. */
export function socketUrlOn(origin: string, path: string): string {
  const { protocol, host } = new URL(origin);
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${path}`;
}
