// The DNS-over-HTTPS resolver: A and AAAA through the JSON API, addresses only (CNAMEs followed by
// the resolver, skipped here), NXDOMAIN as no answer, and anything unexpected as an error.
import { describe, expect, it } from 'vitest';
import { DOH_ENDPOINT, dohResolver } from './doh.ts';

type Answer = { name: string; type: number; TTL: number; data: string };

/** A fake DoH service: one JSON body per record type, and the requests it saw. */
function service(byType: Record<string, { Status: number; Answer?: Answer[] } | Response>) {
  const seen: Request[] = [];
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    seen.push(req);
    const type = new URL(req.url).searchParams.get('type') ?? '';
    const body = byType[type];
    if (body instanceof Response) return body;
    return Response.json(body ?? { Status: 0 }, { headers: { 'content-type': 'application/dns-json' } });
  };
  return { seen, fetcher: fetcher as typeof fetch };
}

describe('dohResolver', () => {
  it('asks Cloudflare for A and AAAA in JSON and returns every address, skipping CNAMEs', async () => {
    const { seen, fetcher } = service({
      A: {
        Status: 0,
        Answer: [
          { name: 'hooks.example.com', type: 5, TTL: 60, data: 'edge.example.net.' },
          { name: 'edge.example.net', type: 1, TTL: 60, data: '93.184.216.34' },
        ],
      },
      AAAA: { Status: 0, Answer: [{ name: 'edge.example.net', type: 28, TTL: 60, data: '2606:2800:220:1::1' }] },
    });
    const addresses = await dohResolver(fetcher)('hooks.example.com');
    expect(addresses.sort()).toEqual(['2606:2800:220:1::1', '93.184.216.34']);
    expect(seen.map((r) => new URL(r.url).searchParams.get('type')).sort()).toEqual(['A', 'AAAA']);
    for (const req of seen) {
      expect(req.url.startsWith(`${DOH_ENDPOINT}?`)).toBe(true);
      expect(new URL(req.url).searchParams.get('name')).toBe('hooks.example.com');
      expect(req.headers.get('accept')).toBe('application/dns-json');
    }
  });

  it('answers no address for NXDOMAIN and for a name with no records', async () => {
    const { fetcher } = service({ A: { Status: 3 }, AAAA: { Status: 3 } });
    expect(await dohResolver(fetcher)('nowhere.example')).toEqual([]);
    const empty = service({ A: { Status: 0 }, AAAA: { Status: 0, Answer: [] } });
    expect(await dohResolver(empty.fetcher)('empty.example')).toEqual([]);
  });

  it('throws on SERVFAIL, an HTTP error, a malformed body or an answer that is not an address', async () => {
    await expect(dohResolver(service({ A: { Status: 2 } }).fetcher)('a.example')).rejects.toThrow(/status 2/);
    await expect(
      dohResolver(service({ AAAA: new Response('busy', { status: 503 }) }).fetcher)('a.example'),
    ).rejects.toThrow(/503/);
    await expect(dohResolver(service({ A: new Response('<html>') }).fetcher)('a.example')).rejects.toThrow();
    const bogus = service({ A: { Status: 0, Answer: [{ name: 'a.example', type: 1, TTL: 1, data: 'localhost' }] } });
    await expect(dohResolver(bogus.fetcher)('a.example')).rejects.toThrow(/not an address/);
  });

  it('reuses an answer for its TTL, at most a minute, and asks again after', async () => {
    const answer = (ttl: number) => ({
      Status: 0,
      Answer: [{ name: 'a.example', type: 1, TTL: ttl, data: '93.184.216.34' }],
    });
    let clock = 0;
    const long = service({ A: answer(3600) });
    const resolve = dohResolver(long.fetcher, () => clock);
    await resolve('a.example');
    clock = 59_000;
    await resolve('a.example');
    expect(long.seen).toHaveLength(2);
    clock = 61_000;
    await resolve('a.example');
    expect(long.seen).toHaveLength(4);

    const none = service({ A: answer(0) });
    const uncached = dohResolver(none.fetcher, () => clock);
    await uncached('a.example');
    await uncached('a.example');
    expect(none.seen).toHaveLength(4);
  });
});
