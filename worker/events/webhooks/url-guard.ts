// Where webhooks may be delivered: never to private, loopback or link-local addresses in
// production (SSRF), https only there; local and test environments may allow them by config.
export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

function ipv4Private(host: string): boolean | null {
  const m = host.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function ipv6Private(host: string): boolean | null {
  if (!host.startsWith('[')) return null;
  const h = host.slice(1, -1).toLowerCase();
  if (h === '::' || h === '::1') return true;
  const mapped = h.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped?.[1]) return ipv4Private(mapped[1]) ?? true;
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast; other ::ffff forms are refused too.
  return /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith('ff') || h.startsWith('::ffff:');
}

export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
    return true;
  }
  const v4 = ipv4Private(host);
  if (v4 !== null) return v4;
  const v6 = ipv6Private(host);
  if (v6 !== null) return v6;
  // A bare number or hex literal is an IPv4 address in disguise (http://2130706433/).
  return /^(0x[0-9a-f]+|\d+)$/.test(host);
}

export function checkWebhookUrl(raw: string, allowPrivate: boolean): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'URL must not contain credentials' };
  if (allowPrivate) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'URL must be http(s)' };
    return { ok: true, url };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'URL must use https' };
  if (isPrivateHost(url.hostname))
    return { ok: false, reason: 'private, loopback and link-local addresses are not allowed' };
  return { ok: true, url };
}
