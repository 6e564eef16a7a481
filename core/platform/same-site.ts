// Whether two origins are the same site for cookies (scheme + registrable domain), as far as it can
// be told without the Public Suffix List: what this refuses is certainly cross-site; what it
// accepts is same-site unless the shared parent is itself a public suffix it does not know.

/** Cloudflare's shared hosting domains: each project's host is its own site (they are on the PSL). */
const SHARED_SUFFIXES = new Set(['pages.dev', 'workers.dev']);

const isIp = (host: string) => /^\d+(\.\d+){3}$/.test(host) || host.startsWith('[');
const isLocalhost = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** The longest parent the two host names share, as labels (e.g. `example.com` for app. and api.). */
function sharedParent(a: string, b: string): string[] {
  const left = a.split('.').reverse();
  const right = b.split('.').reverse();
  const shared: string[] = [];
  for (let i = 0; i < Math.min(left.length, right.length) && left[i] === right[i]; i++) shared.push(left[i] ?? '');
  return shared.reverse();
}

/**
 * Same scheme (browsers compare sites with their scheme), and: the same IP address; or both on
 * localhost; or host names sharing a parent of at least two labels that is not a shared hosting
 * suffix (`app.example.com` and `api.example.com` yes; `a.pages.dev` and `b.pages.dev` no).
 */
export function sameSite(a: URL, b: URL): boolean {
  if (a.protocol !== b.protocol) return false;
  const [x, y] = [a.hostname.toLowerCase(), b.hostname.toLowerCase()];
  if (isIp(x) || isIp(y)) return x === y;
  if (isLocalhost(x) || isLocalhost(y)) return isLocalhost(x) && isLocalhost(y);
  const parent = sharedParent(x, y);
  // Under a shared suffix a site is one label longer (`parley.pages.dev`).
  const siteLabels = SHARED_SUFFIXES.has(parent.slice(-2).join('.')) ? 3 : 2;
  return parent.length >= siteLabels;
}
