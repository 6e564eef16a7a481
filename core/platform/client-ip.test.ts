import { describe, expect, it } from 'vitest';
import { ipRateKey } from './client-ip.ts';

describe('ipRateKey', () => {
  it('keys IPv4 by the full address', () => {
    expect(ipRateKey('203.0.113.7')).toBe('203.0.113.7');
    expect(ipRateKey('203.0.113.8')).not.toBe(ipRateKey('203.0.113.7'));
  });

  it('keys IPv6 by its /64, whatever the spelling', () => {
    const key = '2001:db8:1:2::/64';
    expect(ipRateKey('2001:db8:1:2::1')).toBe(key);
    expect(ipRateKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(key);
    expect(ipRateKey('2001:0DB8:0001:0002:0000:0000:0000:0009')).toBe(key);
    expect(ipRateKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(ipRateKey('::1')).toBe('::/64');
  });

  it('keys an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(ipRateKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(ipRateKey('::ffff:cb00:7107')).toBe('203.0.113.7');
  });

  it('leaves what is not an address as it is (lower-cased)', () => {
    expect(ipRateKey('unknown')).toBe('unknown');
    expect(ipRateKey(' Unknown ')).toBe('unknown');
  });
});
