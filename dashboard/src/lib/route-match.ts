// Pure path matching for the dashboard's router: `/p/:projectId/inbox/:conversationId?` style
// patterns against a pathname, giving decoded params or null.

export type Params = Record<string, string | undefined>;

export function matchPath(pattern: string, pathname: string): Params | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  const params: Params = {};
  let i = 0;
  for (; i < want.length; i++) {
    const part = want[i] ?? '';
    if (part === '*') {
      params['*'] = have.slice(i).map(decodeURIComponent).join('/');
      return params;
    }
    const optional = part.endsWith('?');
    const name = optional ? part.slice(1, -1) : part.slice(1);
    const value = have[i];
    if (part.startsWith(':')) {
      if (value === undefined) {
        if (optional) continue;
        return null;
      }
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (value !== part) {
      return null;
    }
  }
  return have.length <= want.length ? params : null;
}

/** Reads `#token=…` style fragments (links in emails carry their tokens there, out of server logs). */
export function fragmentParam(hash: string, name: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get(name);
}
