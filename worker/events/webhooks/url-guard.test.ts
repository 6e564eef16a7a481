// The SSRF guard refuses every private, loopback and link-local form in production.
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPrivateHost } from './url-guard.ts';

describe('webhook URL guard', () => {
  it.each([
    'localhost',
    'api.localhost',
    'printer.local',
    'db.internal',
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '[::1]',
    '[fe80::1]',
    '[fd00::1]',
    '[::ffff:127.0.0.1]',
    '2130706433',
    '0x7f000001',
  ])('treats %s as private', (host) => {
    expect(isPrivateHost(host)).toBe(true);
  });

  it.each(['example.com', 'hooks.slack.com', '8.8.8.8', '172.32.0.1', '[2606:4700::1111]'])(
    'treats %s as public',
    (host) => {
      expect(isPrivateHost(host)).toBe(false);
    },
  );

  it('requires https and a public host in production', () => {
    expect(checkWebhookUrl('https://example.com/hook', false).ok).toBe(true);
    expect(checkWebhookUrl('http://example.com/hook', false)).toEqual({ ok: false, reason: 'URL must use https' });
    expect(checkWebhookUrl('https://169.254.169.254/latest', false).ok).toBe(false);
    expect(checkWebhookUrl('https://user:pw@example.com/', false).ok).toBe(false);
    expect(checkWebhookUrl('not a url', false).ok).toBe(false);
  });

  it('allows loopback http when configured (local development)', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9999/hook', true).ok).toBe(true);
    expect(checkWebhookUrl('ftp://127.0.0.1/hook', true).ok).toBe(false);
  });
});
