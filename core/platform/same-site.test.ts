// Same-site as the refresh cookie's SameSite=Strict sees it: sibling subdomains yes, another
// domain, another scheme or two projects on Cloudflare's shared domains no.
import { describe, expect, it } from 'vitest';
import { sameSite } from './same-site.ts';

const check = (a: string, b: string) => sameSite(new URL(a), new URL(b));

describe('sameSite', () => {
  it.each([
    ['https://app.example.com', 'https://api.example.com'],
    ['https://example.com', 'https://api.example.com'],
    ['https://support.acme.co.uk', 'https://api.support.acme.co.uk'],
    ['https://app.example.com:8443', 'https://api.example.com'],
    ['http://localhost:5173', 'http://localhost:8787'],
    ['http://127.0.0.1:5173', 'http://127.0.0.1:8787'],
    ['https://dash.parley.pages.dev', 'https://parley.pages.dev'],
  ])('%s and %s are one site', (a, b) => {
    expect(check(a, b)).toBe(true);
    expect(check(b, a)).toBe(true);
  });

  it.each([
    ['https://app.example.com', 'https://api.example.net'],
    ['http://app.example.com', 'https://api.example.com'],
    ['https://parley.pages.dev', 'https://api.example.com'],
    ['https://parley.pages.dev', 'https://parley-api.acme.workers.dev'],
    ['https://parley.pages.dev', 'https://other.pages.dev'],
    ['https://a.acme.workers.dev', 'https://b.acme2.workers.dev'],
    ['http://localhost:5173', 'http://127.0.0.1:8787'],
    ['http://127.0.0.1:5173', 'http://127.0.0.2:8787'],
    ['https://example.com', 'https://com'],
  ])('%s and %s are two sites', (a, b) => {
    expect(check(a, b)).toBe(false);
    expect(check(b, a)).toBe(false);
  });
});
