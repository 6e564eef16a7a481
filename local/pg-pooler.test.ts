// The transaction pooler against the real Postgres of the test run: transactions stay on one
// backend, more clients than server connections all get served, a client that vanishes
// mid-transaction never hands its open transaction to the next one, and no session state (SET,
// LISTEN, advisory locks, temporary tables) passes from one client to the next on a shared backend.
// Named prepared statements are the pooler's to keep (as PgBouncer >= 1.21 does): each client's
// names stay its own, on whichever backend it is lent, answered in order through pipelines and
// errors. (Through the Neon driver and past max_connections: local/pooled-postgres.test.ts.)
import { connect, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Pooler, SESSION_STATE, startPooler } from './pg-pooler.ts';

let pooler: Pooler;
let url: string;

beforeAll(async () => {
  const target = new URL(inject('databaseUrl'));
  pooler = await startPooler({ host: target.hostname, port: Number(target.port || 5432), size: 3 });
  target.hostname = '127.0.0.1';
  target.port = String(pooler.port);
  url = target.toString();
});
afterAll(() => pooler.close());

async function client(connectionString = url): Promise<pg.Client> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  return c;
}

/** A pooler of `size` server connections (one: every client shares it) in front of the test database. */
async function singleBackend(
  password?: string,
  size = 1,
  maxPreparedStatements?: number,
): Promise<{ pooler: Pooler; url: string }> {
  const target = new URL(inject('databaseUrl'));
  const one = await startPooler({
    host: target.hostname,
    port: Number(target.port || 5432),
    size,
    password,
    maxPreparedStatements,
  });
  target.hostname = '127.0.0.1';
  target.port = String(one.port);
  if (password) target.password = password;
  return { pooler: one, url: target.toString() };
}

/** Runs `body` against a pooler that is closed after. */
async function withPooler(
  size: number,
  body: (p: { pooler: Pooler; url: string }) => Promise<void>,
  maxPreparedStatements?: number,
): Promise<void> {
  const p = await singleBackend(undefined, size, maxPreparedStatements);
  try {
    await body(p);
  } finally {
    await p.pooler.close();
  }
}

// ---- A raw protocol client: what node-postgres never sends (pipelines across Syncs, Close of a
// statement), message by message, and every answer as it came.

function frame(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const str = (v: string) => Buffer.from(`${v}\0`, 'utf8');
const int16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
};
const Parse = (name: string, text: string) => frame('P', str(name), str(text), int16(0));
/** Bind of text parameters, results in text. */
const Bind = (stmt: string, ...params: string[]) =>
  frame(
    'B',
    str(''),
    str(stmt),
    int16(0),
    int16(params.length),
    ...params.map((p) => {
      const len = Buffer.alloc(4);
      len.writeInt32BE(Buffer.byteLength(p));
      return Buffer.concat([len, Buffer.from(p)]);
    }),
    int16(0),
  );
const Execute = () => frame('E', str(''), Buffer.alloc(4));
const Describe = (stmt: string) => frame('D', Buffer.from('S'), str(stmt));
const Close = (stmt: string) => frame('C', Buffer.from('S'), str(stmt));
const Sync = () => frame('S');

/** A server message: its type, a DataRow's first column, an ErrorResponse's SQLSTATE. */
interface Answer {
  type: string;
  value?: string;
  code?: string;
}

class RawClient {
  private buffer = Buffer.alloc(0);
  private answers: Answer[] = [];
  private wake: (() => void) | null = null;
  private readonly socket: Socket;
  private constructor(socket: Socket) {
    this.socket = socket;
    // The pooler closing under a test's end is no failure of the test.
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 5 && this.buffer.length >= this.buffer.readInt32BE(1) + 1) {
        const msg = this.buffer.subarray(0, this.buffer.readInt32BE(1) + 1);
        this.buffer = this.buffer.subarray(msg.length);
        this.answers.push(RawClient.read(msg));
      }
      this.wake?.();
    });
  }

  private static read(msg: Buffer): Answer {
    const type = String.fromCharCode(msg[0] ?? 0);
    if (type === 'D' && msg.readInt16BE(5) > 0) {
      const len = msg.readInt32BE(7);
      return { type, value: len < 0 ? undefined : msg.toString('utf8', 11, 11 + len) };
    }
    if (type === 'E') {
      const fields = msg.toString('utf8', 5).split('\0');
      return { type, code: fields.find((f) => f.startsWith('C'))?.slice(1) };
    }
    return { type };
  }

  static async open(url: string): Promise<RawClient> {
    const u = new URL(url);
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    await new Promise((resolve) => socket.once('connect', resolve));
    const raw = new RawClient(socket);
    const params = Buffer.concat([
      Buffer.from([0, 3, 0, 0]),
      str('user'),
      str(decodeURIComponent(u.username)),
      str('database'),
      str(u.pathname.slice(1)),
      Buffer.from([0]),
    ]);
    const len = Buffer.alloc(4);
    len.writeInt32BE(params.length + 4);
    socket.write(Buffer.concat([len, params]));
    await raw.untilReady(1);
    // Startup's R/S/K answers are not what the tests look at.
    raw.answers = [];
    return raw;
  }

  /** Sends the messages in one write (one pipeline) and collects the answers up to `syncs` ReadyForQuery. */
  async run(syncs: number, ...msgs: Buffer[]): Promise<Answer[]> {
    this.socket.write(Buffer.concat(msgs));
    return this.untilReady(syncs);
  }

  private async untilReady(syncs: number): Promise<Answer[]> {
    while (this.answers.filter((a) => a.type === 'Z').length < syncs) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    const end = this.answers.reduce((at, a, i) => (a.type === 'Z' && --syncs === 0 && at < 0 ? i : at), -1);
    const out = this.answers.slice(0, end + 1);
    this.answers = this.answers.slice(end + 1);
    return out;
  }

  close(): void {
    this.socket.end(frame('X'));
  }
}

/** Answers as compact strings: `1 2 D:42 C Z`, E with its SQLSTATE. */
const shape = (answers: Answer[]) =>
  answers.map((a) => (a.type === 'D' ? `D:${a.value}` : a.type === 'E' ? `E:${a.code}` : a.type)).join(' ');

describe('transaction pooler', () => {
  it('keeps a transaction on one backend while twelve clients share three connections', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, client));
    let moved = 0;
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = 0; k < 5; k++) {
          await c.query('begin');
          const a = await c.query<{ pid: number }>('select pg_backend_pid() as pid');
          await c.query('select pg_sleep(0.002)');
          const b = await c.query<{ pid: number; i: number }>('select pg_backend_pid() as pid, $1::int as i', [i]);
          if (a.rows[0]?.pid !== b.rows[0]?.pid || b.rows[0]?.i !== i) moved++;
          await c.query('commit');
        }
      }),
    );
    expect(moved).toBe(0);
    const stats = pooler.stats();
    expect(stats.serverConnections).toBeLessThanOrEqual(3);
    expect(stats.peakWaiting).toBeGreaterThan(0);
    await Promise.all(clients.map((c) => c.end()));
  });

  it('lets a client recover from an error inside a transaction', async () => {
    const c = await client();
    await c.query('begin');
    await expect(c.query('select 1/0')).rejects.toThrow(/division by zero/);
    await c.query('rollback');
    expect((await c.query<{ v: number }>('select 42 as v')).rows[0]?.v).toBe(42);
    await c.end();
  });

  it('throws away the backend of a client that disconnects inside a transaction', async () => {
    const a = await client();
    await a.query('begin');
    await a.query('create temporary table pooler_probe (x int) on commit drop');
    const before = pooler.stats().serverConnections;
    await a.end();
    await new Promise((r) => setTimeout(r, 100));
    expect(pooler.stats().serverConnections).toBe(before - 1);
    // The next client finds no transaction left open (the temporary table would still exist).
    const b = await client();
    const r = await b.query<{ status: string }>("select to_regclass('pg_temp.pooler_probe') is null as status");
    expect(r.rows[0]?.status).toBe(true);
    await b.end();
  });
});

describe('session state in transaction mode', () => {
  it('wipes what one client left in the session before the next client gets the backend', async () => {
    const one = await singleBackend();
    try {
      const a = await client(one.url);
      const aPid = (await a.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      await a.query("set statement_timeout = '1234s'");
      await a.query({ name: 'leaky', text: 'select 1 as one' });
      await a.query('listen pooler_channel');
      await a.query('select pg_advisory_lock(727275)');
      await a.query('create temporary table pooler_session_probe (x int)');
      const b = await client(one.url);
      const seen = await b.query<{
        pid: number;
        timeout: string;
        prepared: string;
        channels: string;
        locks: string;
        temp: boolean;
      }>(`select pg_backend_pid() as pid, current_setting('statement_timeout') as timeout,
            (select count(*) from pg_prepared_statements) as prepared,
            (select count(*) from pg_listening_channels()) as channels,
            (select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()) as locks,
            to_regclass('pg_temp.pooler_session_probe') is null as temp`);
      const row = seen.rows[0];
      expect(row?.pid).toBe(aPid); // the same backend: what A left would be visible here
      expect(row).toMatchObject({ timeout: '0', prepared: '0', channels: '0', locks: '0', temp: true });
      expect(one.pooler.stats().resets).toBeGreaterThan(0);
      await Promise.all([a.end(), b.end()]);
    } finally {
      await one.pooler.close();
    }
  });

  it('lends a backend without a reset when a client left nothing behind', async () => {
    const one = await singleBackend();
    try {
      const a = await client(one.url);
      await a.query('begin');
      await a.query("set local statement_timeout = '5s'");
      await a.query('select pg_advisory_xact_lock(727276)');
      await a.query('commit');
      await a.query('select $1::text as v', ['set x = 1; listen y']);
      await a.end();
      expect(one.pooler.stats().resets).toBe(0);
    } finally {
      await one.pooler.close();
    }
  });

  it('tells session SQL from transaction-scoped SQL', () => {
    for (const sql of [
      "SET search_path = 'x'",
      'select 1; set session timezone = utc',
      "select set_config('a.b', 'c', false)",
      'LISTEN events',
      'prepare p as select 1',
      'declare c cursor with hold for select 1',
      'create temp table t (x int)',
      'select pg_advisory_lock(1)',
      'select pg_try_advisory_lock_shared(1)',
      'reset all',
    ]) {
      expect(SESSION_STATE.test(sql), sql).toBe(true);
    }
    for (const sql of [
      'update conversations set last_seq = 3 where id = $1',
      "set local statement_timeout = '1s'",
      'set transaction isolation level serializable',
      'select pg_advisory_xact_lock(1)',
      'insert into messages (body) values ($1) returning id',
      'begin',
    ]) {
      expect(SESSION_STATE.test(sql), sql).toBe(false);
    }
  });
});

describe('passwords', () => {
  it('asks clients for the configured password and refuses a wrong one', async () => {
    const one = await singleBackend('s3cret');
    try {
      const ok = await client(one.url);
      expect((await ok.query<{ v: number }>('select 7 as v')).rows[0]?.v).toBe(7);
      await ok.end();
      const wrong = new URL(one.url);
      wrong.password = 'nope';
      const bad = new pg.Client({ connectionString: wrong.toString() });
      await expect(bad.connect()).rejects.toThrow(/password authentication failed/);
    } finally {
      await one.pooler.close();
    }
  });
});

describe('named prepared statements in transaction mode', () => {
  const pidOf = async (c: pg.Client, name = 'pid_plus') =>
    (
      await c.query<{ pid: number; v: number }>({
        name,
        text: 'select pg_backend_pid() as pid, $1::int + 1 as v',
        values: [41],
      })
    ).rows[0];

  it("prepares a client's statement on a server connection that lacks it (injected before its Bind)", async () => {
    await withPooler(2, async ({ pooler: p, url: u }) => {
      const a = await client(u);
      const first = await pidOf(a);
      // B takes the backend A prepared on, inside a transaction: A must get the other one.
      const b = await client(u);
      await b.query('begin');
      const held = (await b.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      expect(held).toBe(first?.pid);
      const second = await pidOf(a);
      expect(second).toMatchObject({ v: 42 });
      expect(second?.pid).not.toBe(first?.pid);
      await b.query('commit');
      expect(p.stats()).toMatchObject({ namedParses: 1, serverParses: 2, resets: 0 });
      await Promise.all([a.end(), b.end()]);
    });
  });

  it('keeps one statement per server connection while clients interleave over two', async () => {
    await withPooler(2, async ({ pooler: p, url: u }) => {
      const clients = await Promise.all(Array.from({ length: 6 }, () => client(u)));
      const pids = new Map<pg.Client, Set<number>>();
      await Promise.all(
        clients.map(async (c, i) => {
          const seen = new Set<number>();
          for (let k = 0; k < 25; k++) {
            const r = await c.query<{ pid: number; v: number }>({
              name: 'interleaved',
              text: 'select pg_backend_pid() as pid, $1::int * 2 as v',
              values: [i * 100 + k],
            });
            expect(r.rows[0]?.v).toBe((i * 100 + k) * 2);
            seen.add(r.rows[0]?.pid ?? 0);
            if (k % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
          }
          pids.set(c, seen);
        }),
      );
      // Each client parsed once; each backend parsed once (forwarded or injected), not per client.
      const stats = p.stats();
      expect(stats.namedParses).toBe(6);
      expect(stats.serverParses).toBeLessThanOrEqual(2);
      expect(stats.resets).toBe(0);
      expect([...pids.values()].some((set) => set.size > 1)).toBe(true);
      await Promise.all(clients.map((c) => c.end()));
    });
  });

  it("keeps two clients' statements of the same name apart", async () => {
    await withPooler(1, async ({ url: u }) => {
      const a = await client(u);
      const b = await client(u);
      for (let k = 0; k < 3; k++) {
        const [ra, rb] = await Promise.all([
          a.query<{ v: string }>({ name: 'same', text: "select 'a' as v" }),
          b.query<{ v: string }>({ name: 'same', text: "select 'b' as v" }),
        ]);
        expect([ra.rows[0]?.v, rb.rows[0]?.v]).toEqual(['a', 'b']);
      }
      await Promise.all([a.end(), b.end()]);
    });
  });

  it('answers pipelined Parse/Bind/Execute/Sync in order, prepared or not on the backend', async () => {
    await withPooler(1, async ({ pooler: p, url: u }) => {
      const pipeline = [
        Parse('twice', 'select $1::int * 2'),
        Bind('twice', '21'),
        Execute(),
        Sync(),
        Describe('twice'),
        Bind('twice', '5'),
        Execute(),
        Sync(),
      ];
      const first = await RawClient.open(u);
      expect(shape(await first.run(2, ...pipeline))).toBe('1 2 D:42 C Z t T 2 D:10 C Z');
      first.close();
      // A second client: the backend has the statement, the pooler answers its Parse.
      const second = await RawClient.open(u);
      expect(shape(await second.run(2, ...pipeline))).toBe('1 2 D:42 C Z t T 2 D:10 C Z');
      expect(p.stats()).toMatchObject({ namedParses: 2, serverParses: 1 });
      second.close();
    });
  });

  it('forgets a closed name, and the name can then stand for another text', async () => {
    await withPooler(1, async ({ url: u }) => {
      const raw = await RawClient.open(u);
      // In one pipeline: prepare, run, close, prepare the same name again with another text, run.
      const answers = await raw.run(
        1,
        Parse('s', "select 'one'"),
        Bind('s'),
        Execute(),
        Close('s'),
        Parse('s', "select 'two'"),
        Bind('s'),
        Execute(),
        Sync(),
      );
      expect(shape(answers)).toBe('1 2 D:one C 3 1 2 D:two C Z');
      // And across Syncs, back to the first text (the backend still has it, under its own name).
      const again = await raw.run(2, Close('s'), Sync(), Parse('s', "select 'one'"), Bind('s'), Execute(), Sync());
      expect(shape(again)).toBe('3 Z 1 2 D:one C Z');
      // Preparing a name that exists is refused, as Postgres does, and the statement is kept.
      const twice = await raw.run(1, Parse('s', "select 'three'"), Bind('s'), Execute(), Sync());
      expect(shape(twice)).toBe('E:42P05 Z');
      expect(shape(await raw.run(1, Bind('s'), Execute(), Sync()))).toBe('2 D:one C Z');
      raw.close();
    });
  });

  it('records no statement the server refused, and the connection serves on after the Sync', async () => {
    await withPooler(1, async ({ url: u }) => {
      const raw = await RawClient.open(u);
      const answers = await raw.run(
        2,
        Parse('bad', 'selec 1'),
        Bind('bad'),
        Execute(),
        Parse('after', 'select 1'), // ignored by the server after the error: not prepared either
        Sync(),
        Bind('bad'),
        Execute(),
        Sync(),
      );
      expect(shape(answers)).toBe('E:42601 Z E:26000 Z');
      expect(shape(await raw.run(1, Bind('after'), Execute(), Sync()))).toBe('E:26000 Z');
      expect(shape(await raw.run(1, Parse('bad', "select 'fixed'"), Bind('bad'), Execute(), Sync()))).toBe(
        '1 2 D:fixed C Z',
      );
      raw.close();
      // Through node-postgres: the error, then the same name with a text that parses.
      const c = await client(u);
      await expect(c.query({ name: 'typo', text: 'selec 1' })).rejects.toThrow(/syntax error/);
      expect((await c.query<{ v: number }>({ name: 'typo', text: 'select 3 as v' })).rows[0]?.v).toBe(3);
      await c.end();
    });
  });

  it('lets a transaction fail on a named statement and recover', async () => {
    await withPooler(2, async ({ url: u }) => {
      const c = await client(u);
      const divide = (by: number) =>
        c.query<{ v: number }>({ name: 'divide', text: 'select 10 / $1::int as v', values: [by] });
      await c.query('begin');
      expect((await divide(2)).rows[0]?.v).toBe(5);
      await expect(divide(0)).rejects.toThrow(/division by zero/);
      await expect(divide(5)).rejects.toThrow(/current transaction is aborted/);
      await c.query('rollback');
      expect((await divide(10)).rows[0]?.v).toBe(1);
      // A statement first prepared inside the failed transaction (the server refuses the Parse).
      await c.query('begin');
      await expect(divide(0)).rejects.toThrow(/division by zero/);
      await expect(c.query({ name: 'late', text: 'select 7 as v' })).rejects.toThrow(/current transaction is aborted/);
      await c.query('rollback');
      expect((await c.query<{ v: number }>({ name: 'late', text: 'select 7 as v' })).rows[0]?.v).toBe(7);
      await c.end();
    });
  });

  it('needs no DISCARD ALL for named statements, while SET still gets one', async () => {
    await withPooler(1, async ({ pooler: p, url: u }) => {
      const a = await client(u);
      await a.query({ name: 'leaky', text: 'select 1 as one' });
      await a.end();
      const b = await client(u);
      // Not B's statement: B's own 'leaky' is its own text; nothing of that name on the backend.
      expect((await b.query<{ v: number }>({ name: 'leaky', text: 'select 2 as v' })).rows[0]?.v).toBe(2);
      const names = await b.query<{ name: string }>('select name from pg_prepared_statements');
      expect(names.rows.length).toBeGreaterThan(0);
      expect(names.rows.every((r) => r.name.startsWith('pooler_'))).toBe(true);
      expect(p.stats().resets).toBe(0);
      await b.query("set statement_timeout = '4321s'");
      await b.end();
      const c = await client(u);
      const after = await c.query<{ timeout: string; prepared: string }>(
        "select current_setting('statement_timeout') as timeout, (select count(*) from pg_prepared_statements) as prepared",
      );
      expect(after.rows[0]).toEqual({ timeout: '0', prepared: '0' });
      expect(p.stats().resets).toBe(1);
      await c.end();
    });
  });

  it('closes the least recently used statements over the bound, and prepares them again when used', async () => {
    await withPooler(
      1,
      async ({ url: u }) => {
        const c = await client(u);
        const run = async (k: number) =>
          (await c.query<{ v: number }>({ name: `s${k}`, text: `select ${k} as v` })).rows[0]?.v;
        for (const k of [1, 2, 3, 4]) expect(await run(k)).toBe(k);
        const count = async () =>
          Number((await c.query<{ n: string }>('select count(*) as n from pg_prepared_statements')).rows[0]?.n);
        expect(await count()).toBeLessThanOrEqual(2);
        for (const k of [1, 2, 3, 4]) expect(await run(k)).toBe(k);
        expect(await count()).toBeLessThanOrEqual(2);
        await c.end();
      },
      2,
    );
  });
});
