// Where webhooks may be delivered (SSRF): https to an allowed port (80/443 by default) of a public
// address, never to a name that is internal by its shape or that resolves, even in part, to a
// non-public address. Checked at registration and again before every attempt, since DNS answers
// change (rebinding). Local and test environments may allow private receivers by config.
import type { WebhookFailure } from '../../../contract/enums.ts';
import { isIPv4Literal, isPublicAddress } from './address.ts';
import type { HostResolver } from './doh.ts';

export type { HostResolver } from './doh.ts';

export interface WebhookUrlPolicy {
  /** Local development and tests: any http(s) host and port, no DNS resolution. */
  allowPrivate: boolean;
  allowedPorts: readonly number[];
  resolveHost: HostResolver;
}

export type UrlVerdict =
  | { ok: true; url: URL }
  | { ok: false; reason: string; failure: Extract<WebhookFailure, 'refused_address' | 'connection_failed'> };

/** Suffixes of names that never leave the local network (RFC 6761, RFC 6762, RFC 8375, ICANN). */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa'];

const refused = (reason: string): UrlVerdict => ({ ok: false, reason, failure: 'refused_address' });

/** A name is internal by its shape: single-label (`intranet`) or under a local-only suffix. */
function internalName(name: string): boolean {
  if (!name.includes('.')) return true;
  return INTERNAL_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}

/**
 * What a URL's hostname says on its own: true for a non-public address literal (the URL parser has
 * already turned decimal, hex and octal IPv4 forms into dotted ones) or an internal name; false
 * for a public address and for any other name, which DNS then decides about.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') && host.endsWith(']')) return !isPublicAddress(host.slice(1, -1));
  if (isIPv4Literal(host)) return !isPublicAddress(host);
  return internalName(host);
}

const isAddressLiteral = (hostname: string) => hostname.startsWith('[') || isIPv4Literal(hostname);

/** The checks that need no network: scheme, credentials, port, and the hostname's own form. */
export function checkWebhookUrl(raw: string, policy: Omit<WebhookUrlPolicy, 'resolveHost'>): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refused('not a valid URL');
  }
  if (url.username || url.password) return refused('URL must not contain credentials');
  if (policy.allowPrivate) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return refused('URL must be http(s)');
    return { ok: true, url };
  }
  if (url.protocol !== 'https:') return refused('URL must use https');
  const port = Number(url.port || 443);
  if (!policy.allowedPorts.includes(port)) {
    return refused(`port ${port} is not allowed (allowed: ${policy.allowedPorts.join(', ')})`);
  }
  if (isPrivateHost(url.hostname)) return refused('private, loopback, link-local and internal hosts are not allowed');
  return { ok: true, url };
}

/** checkWebhookUrl, then every address the name resolves to must be public. */
export async function vetWebhookUrl(raw: string, policy: WebhookUrlPolicy): Promise<UrlVerdict> {
  const verdict = checkWebhookUrl(raw, policy);
  if (!verdict.ok || policy.allowPrivate || isAddressLiteral(verdict.url.hostname)) return verdict;
  let addresses: string[];
  try {
    addresses = await policy.resolveHost(verdict.url.hostname.replace(/\.$/, ''));
  } catch {
    return { ok: false, reason: 'the host name could not be resolved', failure: 'connection_failed' };
  }
  if (addresses.length === 0)
    return { ok: false, reason: 'the host name does not resolve', failure: 'connection_failed' };
  if (!addresses.every(isPublicAddress)) {
    return refused('the host name resolves to a private, loopback or reserved address');
  }
  return verdict;
}
