// Whether an IP address is on the public Internet, for the webhook SSRF guard. ipaddr.js names
// every special range (loopback, private, link-local, CGNAT, unique/site-local, multicast,
// reserved, documentation, …); only its "unicast" is public, and IPv6 forms that carry an IPv4
// address inside (mapped, compatible, SIIT, NAT64, 6to4) are judged by that IPv4 address.
import ipaddr from 'ipaddr.js';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
/** 2000::/3: every global unicast allocation; the rest of the IPv6 space is reserved. */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

const publicV4 = (address: IPv4): boolean => address.range() === 'unicast';

/** The IPv4 address in the last 32 bits (mapped, compatible, SIIT and NAT64 forms). */
const low32 = (address: IPv6): IPv4 => {
  const [hi = 0, lo = 0] = address.parts.slice(6);
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
};

/** The IPv4 address of a 6to4 prefix 2002:AABB:CCDD::/48. */
const sixToFour = (address: IPv6): IPv4 => {
  const [, hi = 0, lo = 0] = address.parts;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
};

function publicV6(address: IPv6): boolean {
  const range: string = address.range();
  // ::a.b.c.d (IPv4-compatible, deprecated) is "unicast" to ipaddr.js; :: and ::1 were named above.
  if (range === 'unicast' && address.parts.slice(0, 6).every((p) => p === 0)) return publicV4(low32(address));
  if (range === 'unicast') return address.match(GLOBAL_UNICAST);
  if (range === 'ipv4Mapped' || range === 'rfc6145') return publicV4(low32(address));
  // Only the well-known NAT64 prefix; 64:ff9b:1::/48 is for local use (RFC 8215).
  if (range === 'rfc6052') return address.match(NAT64_WELL_KNOWN) && publicV4(low32(address));
  if (range === '6to4') return publicV4(sixToFour(address));
  // Teredo, loopback, link-local, unique-local, site-local, multicast, documentation, reserved…
  return false;
}

/** True only for an address a webhook may reach; anything unparsable is not public. */
export function isPublicAddress(text: string): boolean {
  if (!ipaddr.isValid(text)) return false;
  const address = ipaddr.parse(text);
  return address instanceof ipaddr.IPv4 ? publicV4(address) : publicV6(address);
}

/** An IPv4 address in the canonical dotted form the URL parser produces. */
export const isIPv4Literal = (host: string): boolean => ipaddr.IPv4.isValidFourPartDecimal(host);
