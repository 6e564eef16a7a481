// Runs the real @upstash/redis and @upstash/ratelimit clients against the bridge, once over a real Redis and once in memory.
import { createHash, randomUUID } from 'node:crypto';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstashBridge } from './upstash-bridge.ts';
import { startUpstashBridge } from './upstash-bridge.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = `test-token-${randomUUID()}`;

interface Raw {
  status: number;
  body: unknown;
}

async function post(
  bridge: UpstashBridge,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Raw> {
  const res = await fetch(`${bridge.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, body: await res.json() };
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe.each([
  { backend: 'redis', redisUrl: REDIS_URL },
  { backend: 'memory', redisUrl: undefined },
] as const)('upstash bridge on $backend', ({ backend, redisUrl }) => {
  const keyPrefix = `upstash-bridge-test:${randomUUID()}:`;
  let bridge: UpstashBridge;
  // The client's default auto-pipelining sends every command through /pipeline; `single` uses POST /.
  let client: UpstashRedis;
  let single: UpstashRedis;
  // Direct connection to the real Redis, without the prefix: to check prefixing and to clean up.
  let direct: Redis | undefined;

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl, token: TOKEN, port: 0, keyPrefix });
    client = new UpstashRedis({ url: bridge.url, token: TOKEN, retry: false, enableTelemetry: false });
    single = new UpstashRedis({
      url: bridge.url,
      token: TOKEN,
      retry: false,
      enableTelemetry: false,
      enableAutoPipelining: false,
    });
    if (redisUrl) direct = new Redis(redisUrl);
  });

  afterAll(async () => {
    await bridge?.close();
    if (!direct) return;
    const keys = await direct.keys(`${keyPrefix}*`);
    if (keys.length > 0) await direct.del(...keys);
    expect(await direct.keys(`${keyPrefix}*`)).toEqual([]);
    await direct.quit();
  });

  it('reports its backend', () => {
    expect(bridge.backend).toBe(backend);
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each(['client', 'single'] as const)(
    'sets with EX (lower-case option word) and gets, with the TTL applied (%s)',
    async (which) => {
      const redis = which === 'client' ? client : single;
      const key = `greeting-${which}`;
      expect(await redis.set(key, 'héllo ✓', { ex: 60 })).toBe('OK');
      expect(await redis.get(key)).toBe('héllo ✓');
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(50);
      expect(ttl).toBeLessThanOrEqual(60);
      expect(await redis.get('missing')).toBeNull();
      if (direct) expect(await direct.get(`${keyPrefix}${key}`)).toBe('héllo ✓');
    },
  );

  it('round-trips JSON values the client serialises', async () => {
    await client.set('doc', { a: 1, list: ['x', 'OK'] });
    expect(await client.get('doc')).toEqual({ a: 1, list: ['x', 'OK'] });
  });

  it('increments', async () => {
    expect(await client.incr('counter')).toBe(1);
    expect(await client.incr('counter')).toBe(2);
    expect(await client.incrby('counter', 5)).toBe(7);
  });

  it('hset and hgetall', async () => {
    expect(await client.hset('hash', { name: 'ada', age: 36 })).toBe(2);
    expect(await client.hgetall('hash')).toEqual({ name: 'ada', age: 36 });
  });

  it('runs a pipeline', async () => {
    const results = await client.pipeline().set('p1', 'one').incr('p2').incr('p2').get('p1').exec();
    expect(results).toEqual(['OK', 1, 2, 'one']);
  });

  it('keeps per-command errors in a raw pipeline', async () => {
    const raw = await post(
      bridge,
      '/pipeline',
      JSON.stringify([
        ['SET', 'p3', 'x'],
        ['LPUSH', 'p3', 'y'],
        ['GET', 'p3'],
      ]),
    );
    expect(raw.status).toBe(200);
    const [first, second, third] = raw.body as { result?: unknown; error?: string }[];
    expect(first).toEqual({ result: 'OK' });
    expect(second?.error).toMatch(/^[A-Z]+ /);
    expect(third).toEqual({ result: 'x' });
  });

  it('runs multi-exec as a transaction', async () => {
    const results = await client.multi().set('m', '10').incr('m').get('m').exec();
    expect(results).toEqual(['OK', 11, 11]);
    expect(await client.get('m')).toBe(11);
  });

  it('discards a transaction with an unknown command and runs none of it', async () => {
    const raw = await post(bridge, '/multi-exec', JSON.stringify([['SET', 'm2', '1'], ['NOSUCHCOMMAND']]));
    expect(raw.status).toBe(400);
    expect((raw.body as { error: string }).error).toMatch(/^EXECABORT/);
    expect(await client.exists('m2')).toBe(0);
  });

  it('answers an error command with 400 {error: "ERR ..."}', async () => {
    const raw = await post(bridge, '/', JSON.stringify(['NOSUCHCOMMAND', 'a']));
    expect(raw.status).toBe(400);
    expect((raw.body as { error: string }).error).toMatch(/^ERR /);
    await client.set('plain', 'text');
    await expect(client.lpush('plain', 'x')).rejects.toThrow(/^Command failed: (ERR|WRONGTYPE) /);
    await expect(single.lpush('plain', 'x')).rejects.toThrow(/^(ERR|WRONGTYPE) /);
  });

  it('base64-encodes strings, nested ones too, but not numbers or null', async () => {
    const enc = { 'upstash-encoding': 'base64' };
    await client.hset('enc', { f: 'v' });
    expect((await post(bridge, '/', JSON.stringify(['SET', 'enc-s', 'héllo']), enc)).body).toEqual({
      result: b64('OK'),
    });
    expect((await post(bridge, '/', JSON.stringify(['GET', 'enc-s']), enc)).body).toEqual({ result: b64('héllo') });
    expect((await post(bridge, '/', JSON.stringify(['HGETALL', 'enc']), enc)).body).toEqual({
      result: [b64('f'), b64('v')],
    });
    expect((await post(bridge, '/', JSON.stringify(['INCR', 'enc-n']), enc)).body).toEqual({ result: 1 });
    expect((await post(bridge, '/', JSON.stringify(['GET', 'enc-none']), enc)).body).toEqual({ result: null });
    // Without the header: plain strings.
    expect((await post(bridge, '/', JSON.stringify(['GET', 'enc-s']))).body).toEqual({ result: 'héllo' });
  });

  it('rejects a missing or wrong token with 401', async () => {
    const missing = await fetch(bridge.url, { method: 'POST', body: '["PING"]' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toHaveProperty('error');
    expect((await post(bridge, '/', '["PING"]', { authorization: 'Bearer wrong' })).status).toBe(401);
    const wrong = new UpstashRedis({ url: bridge.url, token: 'wrong', retry: false, enableTelemetry: false });
    await expect(wrong.get('greeting-client')).rejects.toThrow(/Unauthorized/);
  });

  it('answers malformed bodies with 400 and keeps serving', async () => {
    for (const body of ['{not json', '{}', '[]', '[["GET", {"a": 1}]]', '"GET"']) {
      const raw = await post(bridge, '/', body);
      expect(raw.status, body).toBe(400);
      expect((raw.body as { error: string }).error, body).toMatch(/^ERR /);
    }
    expect((await post(bridge, '/pipeline', '[["PING"], "PING"]')).status).toBe(400);
    expect((await post(bridge, '/', '["PING"]')).body).toEqual({ result: 'PONG' });
  });

  it('rejects bodies over 1 MB with 413, with or without a Content-Length', async () => {
    const big = JSON.stringify(['SET', 'big', 'x'.repeat(1024 * 1024)]);
    expect((await post(bridge, '/', big)).status).toBe(413);
    const chunked = await fetch(bridge.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await client.exists('big')).toBe(0);
    // Just under the limit is fine.
    expect((await post(bridge, '/', JSON.stringify(['SET', 'big', 'x'.repeat(1000 * 1000)]))).body).toEqual({
      result: 'OK',
    });
    await client.del('big');
  });

  it('evaluates #!lua scripts, then answers EVALSHA with the SHA of the script as sent', async () => {
    const script = '#!lua flags=allow-key-locking\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])';
    const sha = createHash('sha1').update(script).digest('hex');
    expect((await post(bridge, '/', JSON.stringify(['EVALSHA', sha, 1, 'lua', 2]))).body).toEqual({
      error: expect.stringMatching(/^NOSCRIPT/),
    });
    expect(await single.eval(script, ['lua'], [2])).toBe(2);
    expect(await single.evalsha(sha, ['lua'], [3])).toBe(5);
    expect(await client.evalsha(sha, ['lua'], [4])).toBe(9);
    if (direct) expect(await direct.get(`${keyPrefix}lua`)).toBe('9'); // EVAL's KEYS carry the prefix
  });

  it.each([
    ['slidingWindow', Ratelimit.slidingWindow(3, '10 s')],
    ['fixedWindow', Ratelimit.fixedWindow(3, '10 s')],
  ])('@upstash/ratelimit %s allows 3 in 10 s, then blocks', async (name, limiter) => {
    const make = () =>
      new Ratelimit({ redis: client, limiter, prefix: `rl-${name}`, ephemeralCache: false, analytics: false });
    const ratelimit = make();
    // Both limiters count in 10 s buckets: starting in the last second of one could split the five
    // calls across two buckets, and the weighted sliding count would then let a 4th one through.
    const intoBucket = Date.now() % 10_000;
    if (intoBucket > 9_000) await new Promise((r) => setTimeout(r, 10_050 - intoBucket));
    const outcomes: boolean[] = [];
    for (let i = 0; i < 5; i++) outcomes.push((await ratelimit.limit('user-1')).success);
    expect(outcomes).toEqual([true, true, true, false, false]);
    // The count lives in Redis: a fresh limiter sees it; another identifier is unaffected.
    expect((await make().limit('user-1')).success).toBe(false);
    expect((await make().limit('user-2')).success).toBe(true);
  });
});

describe('upstash bridge in memory', () => {
  it('gives each bridge its own keyspace', async () => {
    const [a, b] = await Promise.all([startUpstashBridge({ token: TOKEN }), startUpstashBridge({ token: TOKEN })]);
    try {
      await new UpstashRedis({ url: a.url, token: TOKEN, enableTelemetry: false }).set('shared?', 'a');
      expect(await new UpstashRedis({ url: b.url, token: TOKEN, enableTelemetry: false }).get('shared?')).toBeNull();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
