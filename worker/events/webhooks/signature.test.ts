// Stripe-style signatures: a receiver verifies ours, and rejects tampering and stale timestamps.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signature.ts';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"message.created"}';

  it('matches an independent HMAC-SHA256 over "t.body"', async () => {
    const header = await signWebhook(secret, body, 1700000000);
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies a fresh signature and refuses tampering, other secrets and old timestamps', async () => {
    const header = await signWebhook(secret, body, 1700000000);
    expect(await verifyWebhook(secret, body, header, 1700000010)).toBe(true);
    expect(await verifyWebhook(secret, `${body} `, header, 1700000010)).toBe(false);
    expect(await verifyWebhook('whsec_other', body, header, 1700000010)).toBe(false);
    expect(await verifyWebhook(secret, body, header, 1700000000 + 301)).toBe(false);
    expect(await verifyWebhook(secret, body, 'garbage', 1700000010)).toBe(false);
  });
});
