// The SSRF guard refuses every private, loopback, link-local and reserved form in production, in
// every spelling the URL parser accepts, names that are internal by their shape or by what DNS
// answers for them, and ports outside the allowed list.
import { describe, expect, it, vi } from 'vitest';
import { checkWebhookUrl, type HostResolver, isPrivateHost, vetWebhookUrl } from './url-guard.ts';

const unreachable: HostResolver = async () => {
  throw new Error('no DNS in this test');
};
const production = { allowPrivate: false, allowedPorts: [80, 443], resolveHost: unreachable };
const local = { ...production, allowPrivate: true };
/** A resolver answering from a fixed table, as DNS-over-HTTPS would. */
const dns =
  (table: Record<string, string[]>): HostResolver =>
  async (name) =>
    table[name] ?? [];

/** The hostname as the URL parser hands it over (IPv4 forms canonical, IPv6 bracketed and compressed). */
const host = (url: string) => new URL(url).hostname;

describe('isPrivateHost', () => {
  it.each([
    // Names internal by their shape.
    'https://localhost/',
    'https://api.localhost/',
    'https://printer.local/',
    'https://db.internal/',
    'https://intranet/',
    'https://intranet./',
    'https://router.home.arpa/',
    // IPv4 in every range that is not the public Internet, in every spelling.
    'https://127.0.0.1/',
    'https://127.1/',
    'https://2130706433/',
    'https://0x7f000001/',
    'https://0177.0.0.1/',
    'https://10.1.2.3/',
    'https://172.16.0.1/',
    'https://172.31.255.255/',
    'https://192.168.1.1/',
    'https://169.254.169.254/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://198.18.0.1/',
    'https://192.0.2.1/',
    'https://224.0.0.1/',
    'https://240.0.0.1/',
    'https://255.255.255.255/',
    // IPv6 loopback, unspecified, link-local, unique-local, site-local, multicast, documentation.
    'https://[::1]/',
    'https://[::]/',
    'https://[fe80::1]/',
    'https://[fd00::1]/',
    'https://[fc00::1]/',
    'https://[fec0::1]/',
    'https://[feff::1]/',
    'https://[ff02::1]/',
    'https://[2001:db8::1]/',
    // IPv6 forms that carry an IPv4 address inside: mapped, compatible, SIIT, NAT64, 6to4, Teredo.
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[::127.0.0.1]/',
    'https://[::a00:1]/',
    'https://[::ffff:0:7f00:1]/',
    'https://[64:ff9b::7f00:1]/',
    'https://[64:ff9b::a9fe:a9fe]/',
    'https://[64:ff9b::10.0.0.1]/',
    'https://[64:ff9b:1::808:808]/',
    'https://[2002:7f00:1::]/',
    'https://[2002:a9fe:a9fe::1]/',
    'https://[2002:c0a8:101::1]/',
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  ])('treats %s as private', (url) => {
    expect(isPrivateHost(host(url))).toBe(true);
  });

  it.each([
    'https://example.com/',
    'https://hooks.slack.com/',
    'https://8.8.8.8/',
    'https://172.32.0.1/',
    'https://[2606:4700::1111]/',
    'https://[::ffff:8.8.8.8]/',
    'https://[64:ff9b::808:808]/',
    'https://[2002:808:808::1]/',
  ])('treats %s as public', (url) => {
    expect(isPrivateHost(host(url))).toBe(false);
  });
});

describe('checkWebhookUrl (what the URL alone says)', () => {
  it('requires https, no credentials and a public host in production', () => {
    expect(checkWebhookUrl('https://example.com/hook', production).ok).toBe(true);
    expect(checkWebhookUrl('http://example.com/hook', production)).toMatchObject({
      ok: false,
      reason: 'URL must use https',
    });
    expect(checkWebhookUrl('https://169.254.169.254/latest', production).ok).toBe(false);
    expect(checkWebhookUrl('https://[::127.0.0.1]/', production).ok).toBe(false);
    expect(checkWebhookUrl('https://user:pw@example.com/', production).ok).toBe(false);
    expect(checkWebhookUrl('not a url', production).ok).toBe(false);
  });

  it('allows only the configured ports', () => {
    expect(checkWebhookUrl('https://example.com:443/hook', production).ok).toBe(true);
    expect(checkWebhookUrl('https://example.com:8443/hook', production)).toMatchObject({
      ok: false,
      failure: 'refused_address',
    });
    expect(checkWebhookUrl('https://example.com:6379/', production).ok).toBe(false);
    expect(checkWebhookUrl('https://example.com:8443/hook', { ...production, allowedPorts: [443, 8443] }).ok).toBe(
      true,
    );
  });

  it('allows loopback http on any port when configured (local development and tests)', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9999/hook', local).ok).toBe(true);
    expect(checkWebhookUrl('http://intranet:8080/hook', local).ok).toBe(true);
    expect(checkWebhookUrl('ftp://127.0.0.1/hook', local).ok).toBe(false);
    expect(checkWebhookUrl('http://user:pw@127.0.0.1/', local).ok).toBe(false);
  });
});

describe('vetWebhookUrl (the URL, then what DNS answers for its name)', () => {
  it.each([
    ['localtest.me', ['127.0.0.1']],
    ['127.0.0.1.nip.io', ['127.0.0.1']],
    ['169.254.169.254.nip.io', ['169.254.169.254']],
    ['rebind.example', ['93.184.216.34', '10.0.0.7']],
    ['v6.example', ['2606:4700::1111', '::1']],
    ['nat64.example', ['64:ff9b::a9fe:a9fe']],
  ])('refuses %s, which resolves to %j', async (name, answers) => {
    const verdict = await vetWebhookUrl(`https://${name}/hook`, {
      ...production,
      resolveHost: dns({ [name]: answers }),
    });
    expect(verdict).toMatchObject({ ok: false, failure: 'refused_address' });
  });

  it('accepts a name whose every answer is public', async () => {
    const resolveHost = dns({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'] });
    const verdict = await vetWebhookUrl('https://hooks.example.com/in', { ...production, resolveHost });
    expect(verdict.ok).toBe(true);
  });

  it('refuses a name that does not resolve, or when resolution fails, as a connection failure', async () => {
    expect(await vetWebhookUrl('https://nowhere.example/', { ...production, resolveHost: dns({}) })).toMatchObject({
      ok: false,
      failure: 'connection_failed',
    });
    expect(await vetWebhookUrl('https://hooks.example.com/', production)).toMatchObject({
      ok: false,
      failure: 'connection_failed',
    });
  });

  it('does not ask DNS about an address literal, an internal name, or anything when private is allowed', async () => {
    const resolveHost = vi.fn(unreachable);
    expect((await vetWebhookUrl('https://8.8.8.8/', { ...production, resolveHost })).ok).toBe(true);
    expect((await vetWebhookUrl('https://intranet/', { ...production, resolveHost })).ok).toBe(false);
    expect((await vetWebhookUrl('https://example.com:22/', { ...production, resolveHost })).ok).toBe(false);
    expect((await vetWebhookUrl('http://localtest.me:9000/', { ...local, resolveHost })).ok).toBe(true);
    expect(resolveHost).not.toHaveBeenCalled();
  });
});
