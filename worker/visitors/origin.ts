// Is a page origin allowed to use a project's widget? Entries are exact origins
// (`https://shop.example.com`, `http://localhost:3000`) or a wildcard for subdomains
// (`https://*.example.com`, which does not match the bare `https://example.com`).
export function originAllowed(
  origin: string | undefined,
  allowedDomains: readonly string[],
  appEnv: 'local' | 'test' | 'staging' | 'production',
): boolean {
  // An empty list is a development convenience only; deployed projects must list their sites.
  if (allowedDomains.length === 0) return appEnv === 'local' || appEnv === 'test';
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.host.toLowerCase();
  for (const entry of allowedDomains) {
    const match = entry
      .trim()
      .toLowerCase()
      .match(/^(https?):\/\/(\*\.)?([^/]+?)\/?$/);
    if (!match) continue;
    const [, scheme, wildcard, entryHost] = match;
    if (`${scheme}:` !== url.protocol || !entryHost) continue;
    if (wildcard ? host.endsWith(`.${entryHost}`) : host === entryHost) return true;
  }
  return false;
}
