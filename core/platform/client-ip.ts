// The key a per-IP limit counts under: an IPv4 address as is, an IPv6 address by its /64 (one
// subscriber usually holds a whole /64, so keying the exact address would give them 2^64 buckets).
import ipaddr from 'ipaddr.js';

/** `203.0.113.7` → `203.0.113.7`; `2001:db8:1:2:aaaa::1` → `2001:db8:1:2::/64`; `::ffff:203.0.113.7`
 * → `203.0.113.7` (an IPv4 client seen through a dual-stack socket); anything unparsable as is. */
export function ipRateKey(ip: string): string {
  const text = ip.trim().toLowerCase();
  if (!ipaddr.isValid(text)) return text;
  const address = ipaddr.process(text);
  if (!(address instanceof ipaddr.IPv6)) return address.toString();
  const [a = 0, b = 0, c = 0, d = 0] = address.parts;
  return `${new ipaddr.IPv6([a, b, c, d, 0, 0, 0, 0]).toString()}/64`;
}
