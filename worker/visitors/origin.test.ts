// Widget origin checks: exact origins, subdomain wildcards, and the empty-list rule.
import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin.ts';

describe('originAllowed', () => {
  const list = ['https://shop.example.com', 'https://*.acme.io', 'http://localhost:3000'];
  it('accepts listed origins and subdomains of wildcard entries', () => {
    expect(originAllowed('https://shop.example.com', list, 'production')).toBe(true);
    expect(originAllowed('https://SHOP.example.com', list, 'production')).toBe(true);
    expect(originAllowed('https://eu.app.acme.io', list, 'production')).toBe(true);
    expect(originAllowed('http://localhost:3000', list, 'production')).toBe(true);
  });
  it('refuses other schemes, ports, hosts, look-alikes and a missing origin', () => {
    expect(originAllowed('http://shop.example.com', list, 'production')).toBe(false);
    expect(originAllowed('https://acme.io', list, 'production')).toBe(false);
    expect(originAllowed('https://evilacme.io', list, 'production')).toBe(false);
    expect(originAllowed('https://shop.example.com.evil.net', list, 'production')).toBe(false);
    expect(originAllowed('http://localhost:3001', list, 'production')).toBe(false);
    expect(originAllowed(undefined, list, 'production')).toBe(false);
    expect(originAllowed('null', list, 'production')).toBe(false);
  });
  it('treats an empty list as allow-all only locally and in tests', () => {
    expect(originAllowed('https://anything.net', [], 'local')).toBe(true);
    expect(originAllowed(undefined, [], 'test')).toBe(true);
    expect(originAllowed('https://anything.net', [], 'production')).toBe(false);
    expect(originAllowed('https://anything.net', [], 'staging')).toBe(false);
  });
});
