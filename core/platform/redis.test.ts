// Upstash failures leave as a RedisError with a code and never with the command they carried (a
// refused connection, an error page where JSON belongs, an error reply keeping its first word),
// and every key carries the APP_ENV prefix. Against real sockets: a closed port, a local server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, readConfig } from './config.ts';
import { createRedis, RedisError } from './redis.ts';

const key = `k1:${btoa(String.fromCharCode(...new Uint8Array(32).fill(7)))}`;

const configAt = (url: string, token = 'token'): Config =>
  readConfig({
    APP_ENV: 'test',
    DATABASE_URL: 'postgres://parley@127.0.0.1:5432/test',
    UPSTASH_REDIS_REST_URL: url,
    UPSTASH_REDIS_REST_TOKEN: token,
    AUTH_JWT_KEYS: key,
    ENCRYPTION_KEYS: key,
  } as unknown as Env);

/** Answers every request with `status` and `body`. */
let server: Server;
let answer: { status: number; body: string; type: string } = { status: 200, body: '', type: 'text/plain' };
let base = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

/** What `get` of a planted key throws. */
async function failureOf(config: Config): Promise<RedisError> {
  const planted = `session:planted-${crypto.randomUUID()}`;
  const err = await createRedis(config)
    .get(planted)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(err instanceof RedisError)) throw new Error(`expected a RedisError, got ${String(err)}`);
  expect(err.message).not.toContain(planted);
  expect(err.message).not.toContain('command was');
  return err;
}

describe('RedisError', () => {
  it('classifies a refused connection as redis_unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await failureOf(configAt(`http://127.0.0.1:${port}`))).code).toBe('redis_unreachable');
  });

  it('classifies an error page where JSON belongs as redis_bad_reply', async () => {
    answer = { status: 502, body: '<html>Bad gateway</html>', type: 'text/html' };
    expect((await failureOf(configAt(base))).code).toBe('redis_bad_reply');
  });

  it('keeps an error reply’s first word, and only that', async () => {
    answer = { status: 401, body: JSON.stringify({ error: 'WRONGPASS invalid password' }), type: 'application/json' };
    const err = await failureOf(configAt(base, 'planted-token'));
    expect({ code: err.code, detail: err.detail }).toEqual({ code: 'redis_error', detail: 'WRONGPASS' });
    expect(err.message).not.toContain('planted-token');
  });
});

describe('keys', () => {
  it('carry the APP_ENV prefix', () => {
    expect(createRedis(configAt(base)).key('rl:login_ip:x')).toBe('test:rl:login_ip:x');
    expect(createRedis({ ...configAt(base), APP_ENV: 'production' }).key('session:s')).toBe('production:session:s');
  });
});
