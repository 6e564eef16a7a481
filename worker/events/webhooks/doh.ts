// Resolves a webhook host's name through DNS-over-HTTPS (Cloudflare's JSON API), A and AAAA, so
// the SSRF guard can check every address the name points to before a request is sent. Workers
// have no DNS API of their own; the JSON form needs no wire-format parser.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

export const DOH_ENDPOINT = 'https://cloudflare-dns.com/dns-query';

/** Every address a name resolves to (empty when it has none); throws when resolution fails. */
export type HostResolver = (name: string) => Promise<string[]>;

const RECORD = { A: 1, AAAA: 28 } as const;
const NOERROR = 0;
const NXDOMAIN = 3;
/** Answers are reused for their TTL but never longer, so a rebinding name is re-read soon. */
const MAX_CACHE_SECONDS = 60;
const MAX_CACHE_ENTRIES = 500;
const TIMEOUT_MS = 5000;

const dohResponse = z.object({
  Status: z.number().int(),
  Answer: z.array(z.object({ type: z.number().int(), data: z.string(), TTL: z.number().optional() })).optional(),
});

interface Resolved {
  addresses: string[];
  ttl: number;
}

async function query(fetcher: typeof fetch, name: string, type: keyof typeof RECORD): Promise<Resolved> {
  const url = `${DOH_ENDPOINT}?${new URLSearchParams({ name, type })}`;
  const res = await fetcher(url, {
    headers: { accept: 'application/dns-json' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`DNS-over-HTTPS answered HTTP ${res.status}`);
  const body = dohResponse.parse(await res.json());
  if (body.Status === NXDOMAIN) return { addresses: [], ttl: 0 };
  if (body.Status !== NOERROR) throw new Error(`DNS-over-HTTPS answered status ${body.Status}`);
  const records = (body.Answer ?? []).filter((a) => a.type === RECORD[type]);
  for (const r of records) {
    const ok = type === 'A' ? ipaddr.IPv4.isValidFourPartDecimal(r.data) : ipaddr.IPv6.isValid(r.data);
    if (!ok) throw new Error(`DNS-over-HTTPS answer ${JSON.stringify(r.data)} is not an address`);
  }
  return { addresses: records.map((r) => r.data), ttl: Math.min(...records.map((r) => r.TTL ?? 0), MAX_CACHE_SECONDS) };
}

/**
 * A resolver through DNS-over-HTTPS. `fetcher` is the runtime's fetch (tests pass a fake); answers
 * are cached per isolate for min(TTL, 60 s).
 */
export function dohResolver(fetcher: typeof fetch = (input, init) => fetch(input, init), now = Date.now): HostResolver {
  const cache = new Map<string, { addresses: string[]; until: number }>();
  return async (name) => {
    const hit = cache.get(name);
    if (hit && hit.until > now()) return hit.addresses;
    const [a, aaaa] = await Promise.all([query(fetcher, name, 'A'), query(fetcher, name, 'AAAA')]);
    const addresses = [...a.addresses, ...aaaa.addresses];
    const ttl = Math.min(
      a.addresses.length ? a.ttl : MAX_CACHE_SECONDS,
      aaaa.addresses.length ? aaaa.ttl : MAX_CACHE_SECONDS,
    );
    if (addresses.length > 0 && ttl > 0) {
      if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
      cache.set(name, { addresses, until: now() + ttl * 1000 });
    }
    return addresses;
  };
}
