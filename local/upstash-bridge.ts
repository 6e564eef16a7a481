// Local stand-in for Upstash's Redis REST API (what @upstash/redis and @upstash/ratelimit send), backed by a real Redis or an in-memory ioredis-mock.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Redis as RedisType } from 'ioredis';
import type RedisMockType from 'ioredis-mock';

// Loaded through require so Vite-based tooling gets the Node build, not the "browser" one.
const require = createRequire(import.meta.url);
const { Redis } = require('ioredis') as { Redis: typeof RedisType };

export interface UpstashBridgeOptions {
  /** A real Redis (ioredis URL); without it the bridge keeps its data in memory (ioredis-mock). */
  redisUrl?: string;
  token: string;
  /** 0 = random. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** ioredis keyPrefix, isolates test runs on a shared Redis (each in-memory bridge has its own keyspace anyway). */
  keyPrefix?: string;
}

export interface UpstashBridge {
  url: string;
  token: string;
  close(): Promise<void>;
  backend: 'redis' | 'memory';
}

const MAX_BODY_BYTES = 1024 * 1024;

/** A reply as JSON carries it. */
type Reply = string | number | null | Reply[];
type Outcome = { result: Reply } | { error: string };
type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Command {
  /** Lower case. */
  name: string;
  args: string[];
}

interface Backend {
  kind: 'redis' | 'memory';
  /** Sends the command before returning, so commands issued in a row reach Redis in that order. */
  run(cmd: Command): Promise<unknown>;
  /** All or nothing; rejects when the transaction is discarded. */
  transaction(cmds: Command[]): Promise<Settled[]>;
  close(): Promise<void>;
}

/** A command as sent to the backend, and what turns its result back into what the client expects. */
interface Prepared {
  cmd: Command;
  finish(result: unknown): unknown;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const KNOWN_COMMANDS = new Set(Redis.prototype.getBuiltinCommands());

// Commands that would change or block the connection every request shares.
const BLOCKED_COMMANDS = new Set(
  [
    'multi exec discard watch unwatch select swapdb auth hello reset quit client monitor',
    'subscribe psubscribe ssubscribe unsubscribe punsubscribe sunsubscribe',
    'blpop brpop brpoplpush blmove blmpop bzpopmin bzpopmax bzmpop',
    'wait waitaof shutdown sync psync replicaof slaveof debug',
  ]
    .join(' ')
    .split(' '),
);

// ioredis-mock matches some option words case-sensitively, in upper case (`set k v ex 60` sets no
// TTL); Redis does not. Per command: where option words may start, each word with how many values
// follow it, and whether the options stop at the first other argument (ZADD's scores and members).
const MOCK_OPTION_WORDS = new Map([
  ['set', { from: 2, words: optionWords('nx xx get keepttl', 'ex px exat pxat') }],
  ['zadd', { from: 1, words: optionWords('nx xx gt lt ch incr'), leading: true }],
  ['lmove', { from: 2, words: optionWords('left right') }],
]);

/** Option words (lower case) mapped to how many values follow each. */
function optionWords(flags: string, withOneValue = ''): Map<string, number> {
  const list = (words: string) => words.split(' ').filter((w) => w !== '');
  return new Map([...list(flags).map((w) => [w, 0] as const), ...list(withOneValue).map((w) => [w, 1] as const)]);
}

const LUA_COMMANDS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro']);

// @upstash/ratelimit's scripts start with `#!lua flags=allow-key-locking`, which Redis 7.0 rejects
// and ioredis-mock cannot parse.
const SHEBANG = /^#!lua[^\n]*/;

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const identity = (value: unknown): unknown => value;

export async function startUpstashBridge(opts: UpstashBridgeOptions): Promise<UpstashBridge> {
  if (!opts.token) throw new Error('startUpstashBridge: token must not be empty');
  const host = opts.host ?? '127.0.0.1';
  const prefixed = Boolean(opts.redisUrl && opts.keyPrefix);
  const backend = opts.redisUrl ? await connectRedis(opts.redisUrl, opts.keyPrefix ?? '') : createMemory();
  const prepare = createScriptShim();

  const toCommand = (parts: string[]): Command => {
    const [first = '', ...args] = parts;
    const name = first.toLowerCase();
    if (!KNOWN_COMMANDS.has(name) || BLOCKED_COMMANDS.has(name)) {
      throw new Error(`ERR unknown or unsupported command '${first}'`);
    }
    // keyPrefix does not reach these: they would empty the whole shared Redis.
    if (prefixed && (name === 'flushall' || name === 'flushdb')) {
      throw new Error(`ERR ${name} is disabled on a bridge with a keyPrefix`);
    }
    return { name, args };
  };

  // Calls the backend synchronously (before any await), so a batch keeps its order.
  const runOne = async (parts: string[]): Promise<Outcome> => {
    try {
      const { cmd, finish } = prepare(toCommand(parts));
      return { result: toReply(finish(await backend.run(cmd))) };
    } catch (error) {
      return { error: errorMessage(error) };
    }
  };

  const runTransaction = async (commands: string[][]): Promise<Outcome[]> => {
    let prepared: Prepared[];
    try {
      prepared = commands.map((parts) => prepare(toCommand(parts)));
    } catch (error) {
      throw new HttpError(400, `EXECABORT Transaction discarded because of previous errors: ${errorMessage(error)}`);
    }
    let settled: Settled[];
    try {
      settled = await backend.transaction(prepared.map((p) => p.cmd));
    } catch (error) {
      throw new HttpError(400, errorMessage(error));
    }
    return settled.map((s, i) =>
      s.ok ? { result: toReply(prepared[i]?.finish(s.value) ?? s.value) } : { error: errorMessage(s.error) },
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method !== 'POST') throw new HttpError(405, 'ERR only POST is supported');
      if (!authorised(req.headers.authorization, opts.token)) throw new HttpError(401, 'Unauthorized');
      const path = new URL(req.url ?? '/', 'http://bridge').pathname;
      if (path !== '/' && path !== '/pipeline' && path !== '/multi-exec') {
        throw new HttpError(404, 'ERR unsupported path: send commands as JSON to /, /pipeline or /multi-exec');
      }
      const body = parseJson(await readBody(req));
      const base64 = req.headers['upstash-encoding'] === 'base64';
      const encode = (o: Outcome): Outcome => ('result' in o && base64 ? { result: toBase64(o.result) } : o);
      if (path === '/') {
        const outcome = await runOne(commandParts(body));
        send(res, 'error' in outcome ? 400 : 200, encode(outcome));
        return;
      }
      if (!Array.isArray(body) || body.length === 0) {
        throw new HttpError(400, 'ERR the body must be a non-empty JSON array of commands');
      }
      const commands = body.map((c: unknown) => commandParts(c));
      const outcomes =
        path === '/pipeline' ? await Promise.all(commands.map((c) => runOne(c))) : await runTransaction(commands);
      send(res, 200, outcomes.map(encode));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      send(res, error.status, { error: error.message }, error.status === 413 ? { connection: 'close' } : {});
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else send(res, 500, { error: 'ERR internal bridge error' });
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await backend.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    token: opts.token,
    backend: backend.kind,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await backend.close();
    },
  };
}

async function connectRedis(url: string, keyPrefix: string): Promise<Backend> {
  // keyPrefix also covers EVAL's KEYS (ioredis reads numkeys), not KEYS/SCAN patterns.
  const redis = new Redis(url, { keyPrefix, lazyConnect: true, maxRetriesPerRequest: 2 });
  // Failures reach the requests they break; without a listener ioredis prints every reconnect.
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return {
    kind: 'redis',
    run: (cmd) => redis.call(cmd.name, ...cmd.args),
    transaction: async (cmds) => {
      const multi = redis.multi();
      for (const cmd of cmds) multi.call(cmd.name, ...cmd.args);
      const results = await multi.exec();
      if (!results) throw new Error('EXECABORT Transaction discarded');
      return results.map(([error, value]): Settled => (error ? { ok: false, error } : { ok: true, value }));
    },
    close: async () => {
      await redis.quit();
    },
  };
}

function createMemory(): Backend {
  const RedisMock = require('ioredis-mock') as typeof RedisMockType;
  // ioredis-mock shares data between instances with the same host:port: give each bridge its own.
  const mock = new RedisMock({ host: `upstash-bridge-${randomUUID()}` });
  const methods = mock as unknown as Record<string, unknown>;
  const run = (cmd: Command): Promise<unknown> => {
    const method = methods[cmd.name];
    if (typeof method !== 'function') return Promise.reject(new Error(`ERR unknown command '${cmd.name}'`));
    const call = method as (...args: string[]) => unknown;
    // The mock runs the command inside this executor, synchronously: a batch of calls is atomic.
    const reply = new Promise<unknown>((resolve) => resolve(call.apply(mock, mockArgs(cmd))));
    return LUA_COMMANDS.has(cmd.name) ? reply.then(luaToRedis) : reply;
  };
  return {
    kind: 'memory',
    run,
    transaction: async (cmds) => {
      const settled = await Promise.allSettled(cmds.map(run));
      return settled.map(
        (s): Settled => (s.status === 'fulfilled' ? { ok: true, value: s.value } : { ok: false, error: s.reason }),
      );
    },
    close: async () => {
      await mock.flushall();
      mock.disconnect();
    },
  };
}

function mockArgs(cmd: Command): string[] {
  const spec = MOCK_OPTION_WORDS.get(cmd.name);
  if (!spec) return cmd.args;
  const args = [...cmd.args];
  for (let i = spec.from; i < args.length; i++) {
    const word = (args[i] ?? '').toLowerCase();
    const values = spec.words.get(word);
    if (values === undefined) {
      if (spec.leading) break;
      continue;
    }
    args[i] = word.toUpperCase();
    i += values;
  }
  return args;
}

/** What Redis makes of a Lua value; ioredis-mock hands Lua's false, true and fractions through. */
function luaToRedis(value: unknown): unknown {
  if (value === false) return null;
  if (value === true) return 1;
  if (typeof value === 'number') return Math.trunc(value);
  if (Array.isArray(value)) return value.map(luaToRedis);
  return value;
}

/**
 * Strips the `#!lua` line from scripts (keeping the newline, so Lua's line numbers still match)
 * and remembers the SHA1 of the script as the client sent it, which is what the client later
 * passes to EVALSHA, against the SHA1 of the script Redis has. Unknown SHAs pass through, so
 * Redis still answers NOSCRIPT and the client falls back to EVAL.
 */
function createScriptShim(): (cmd: Command) => Prepared {
  const redisSha = new Map<string, string>();
  const strip = (script: string): string => {
    if (!SHEBANG.test(script)) return script;
    const stripped = script.replace(SHEBANG, '');
    redisSha.set(sha1(script), sha1(stripped));
    return stripped;
  };
  const toRedisSha = (sha: string): string => redisSha.get(sha.toLowerCase()) ?? sha;
  return (cmd) => {
    const [first, ...rest] = cmd.args;
    if (first === undefined) return { cmd, finish: identity };
    if (cmd.name === 'eval' || cmd.name === 'eval_ro') {
      return { cmd: { name: cmd.name, args: [strip(first), ...rest] }, finish: identity };
    }
    if (cmd.name === 'evalsha' || cmd.name === 'evalsha_ro') {
      return { cmd: { name: cmd.name, args: [toRedisSha(first), ...rest] }, finish: identity };
    }
    const sub = first.toLowerCase();
    const [script] = rest;
    if (cmd.name === 'script' && sub === 'load' && script !== undefined && rest.length === 1) {
      return { cmd: { name: 'script', args: [first, strip(script)] }, finish: () => sha1(script) };
    }
    if (cmd.name === 'script' && sub === 'exists') {
      return { cmd: { name: 'script', args: [first, ...rest.map(toRedisSha)] }, finish: identity };
    }
    return { cmd, finish: identity };
  };
}

function toReply(value: unknown): Reply {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(toReply);
  if (value instanceof Error) return value.message; // an error inside a Lua table
  // ioredis turns HGETALL's flat array into an object; Upstash sends the flat array.
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, toReply(v)]);
  return String(value);
}

/** `Upstash-Encoding: base64`: every string, nested ones too, "OK" included (it decodes back to "OK"). */
function toBase64(reply: Reply): Reply {
  if (typeof reply === 'string') return Buffer.from(reply, 'utf8').toString('base64');
  if (Array.isArray(reply)) return reply.map(toBase64);
  return reply;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^[A-Z][A-Z_]+ /.test(message) ? message : `ERR ${message}`;
}

function authorised(header: string | undefined, token: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return header !== undefined && timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

function readBody(req: IncomingMessage): Promise<string> {
  const tooLarge = () => new HttpError(413, `ERR request body larger than ${MAX_BODY_BYTES} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk); // past the limit: read on, keep nothing
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'ERR the body is not valid JSON');
  }
}

function commandParts(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new HttpError(400, 'ERR a command must be a non-empty JSON array');
  }
  return value.map((part: unknown) => {
    if (typeof part === 'string') return part;
    if (typeof part === 'number' || typeof part === 'boolean') return String(part);
    throw new HttpError(400, 'ERR command arguments must be strings, numbers or booleans');
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
    .end(text);
}
