// Token bucket: bursts up to capacity, refills over time, and says when to retry.
import { describe, expect, it } from 'vitest';
import { newBucket, take } from './rate-limit.ts';

describe('token bucket', () => {
  const config = { capacity: 3, refillPerSecond: 2 };

  it('allows a burst of `capacity` then refuses with the wait until the next token', () => {
    const bucket = newBucket(config, 0);
    expect([take(bucket, config, 0), take(bucket, config, 0), take(bucket, config, 0)]).toEqual([0, 0, 0]);
    expect(take(bucket, config, 0)).toBe(500);
    expect(take(bucket, config, 250)).toBe(250);
  });

  it('refills at the configured rate but never above capacity', () => {
    const bucket = newBucket(config, 0);
    for (let i = 0; i < 3; i++) take(bucket, config, 0);
    expect(take(bucket, config, 500)).toBe(0);
    expect(take(bucket, config, 500)).toBeGreaterThan(0);
    expect(take(bucket, config, 60_000)).toBe(0);
    expect(bucket.tokens).toBe(2);
  });
});
