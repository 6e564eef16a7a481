// Token bucket: bursts up to capacity, refills over time, and says when to retry; sends per sender, other frames per socket.
import { describe, expect, it } from 'vitest';
import { FrameLimiter, newBucket, take } from './rate-limit.ts';

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

describe('FrameLimiter', () => {
  it('keeps one send bucket per sender and one frame bucket per socket', () => {
    const limits = { send: { capacity: 1, refillPerSecond: 1 }, frames: { capacity: 2, refillPerSecond: 1 } };
    const limiter = new FrameLimiter(() => limits);
    const socket = {};
    expect(limiter.send('visitor:alice', 0)).toBe(0);
    expect(limiter.send('visitor:alice', 0)).toBe(1000);
    expect([limiter.frame(socket, 0), limiter.frame(socket, 0)]).toEqual([0, 0]);
    expect(limiter.frame(socket, 0)).toBe(1000);
    expect(limiter.frame({}, 0)).toBe(0);
    expect(limiter.send('visitor:bob', 0)).toBe(0);
  });

  it('applies retuned limits to the next frame', () => {
    let limits = { send: { capacity: 1, refillPerSecond: 1 }, frames: { capacity: 1, refillPerSecond: 1 } };
    const limiter = new FrameLimiter(() => limits);
    limiter.send('agent:a', 0);
    limits = { ...limits, send: { capacity: 10, refillPerSecond: 100 } };
    expect(limiter.send('agent:a', 100)).toBe(0);
  });

  it('forgets senders whose bucket has refilled once it holds many, never one still limited', () => {
    const limits = { send: { capacity: 1, refillPerSecond: 1 }, frames: { capacity: 1, refillPerSecond: 1 } };
    const limiter = new FrameLimiter(() => limits);
    for (let i = 0; i < 255; i++) limiter.send(`idle-${i}`, 0);
    limiter.send('flooder', 10_000);
    limiter.send('newcomer', 10_000);
    expect(limiter.send('flooder', 10_000)).toBe(1000);
  });
});
