// A transaction-mode Postgres connection pooler (what Neon's pooled endpoint — PgBouncer — does in
// production): many client connections share a few server connections, each lent to a client from
// its first message until Postgres reports the transaction finished (ReadyForQuery 'I'). Without
// it, every awake ConversationRoom holds a backend and 200 busy rooms exceed max_connections.
// Enough protocol for the Neon driver and node-postgres: startup without a password (trust), simple
// and extended queries with unnamed statements, Terminate. Bench-only: no TLS, no auth, no COPY.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface PoolerOptions {
  /** The real server. */
  host: string;
  port: number;
  /** Server connections per (user, database). */
  size: number;
  listenPort?: number;
}

export interface PoolerStats {
  clients: number;
  serverConnections: number;
  waiting: number;
  /** Client transactions lent a server connection. */
  checkouts: number;
  /** Peak number of clients waiting for a server connection. */
  peakWaiting: number;
  /** How long clients held a server connection (lend → release), ms. */
  holdP50Ms: number;
  holdP99Ms: number;
  holdMaxMs: number;
  /** How long clients waited for one, ms. */
  waitP99Ms: number;
}

export interface Pooler {
  port: number;
  stats(): PoolerStats;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;

/** Splits a byte stream into typed protocol messages (type byte + int32 length). */
class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.buffer.length >= 5) {
      const len = this.buffer.readInt32BE(1);
      if (this.buffer.length < len + 1) break;
      out.push(this.buffer.subarray(0, len + 1));
      this.buffer = this.buffer.subarray(len + 1);
    }
    return out;
  }
  /** Startup-phase messages have no type byte. */
  pushUntyped(chunk: Buffer): Buffer | null {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    if (this.buffer.length < 4) return null;
    const len = this.buffer.readInt32BE(0);
    if (this.buffer.length < len) return null;
    const msg = this.buffer.subarray(0, len);
    this.buffer = this.buffer.subarray(len);
    return msg;
  }
  takeRest(): Buffer {
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }
}

const RING = 20_000;
function record(ring: number[], v: number): void {
  if (ring.length >= RING) ring.shift();
  ring.push(v);
}

function pct(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function cstrings(...parts: string[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(`${p}\0`, 'utf8')));
}

function parseStartup(msg: Buffer): Map<string, string> {
  const params = new Map<string, string>();
  const fields = msg.subarray(8).toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const key = fields[i];
    const value = fields[i + 1];
    if (key && value !== undefined) params.set(key, value);
  }
  return params;
}

function startupMessage(params: Map<string, string>): Buffer {
  const body = Buffer.concat([
    Buffer.from([0, 3, 0, 0]),
    ...[...params].flatMap(([k, v]) => [cstrings(k, v)]),
    Buffer.from([0]),
  ]);
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length + 4);
  return Buffer.concat([len, body]);
}

function errorResponse(code: string, text: string): Buffer {
  return message('E', Buffer.concat([cstrings(`SFATAL`, `C${code}`, `M${text}`), Buffer.from([0])]));
}

/** A server connection, after its startup completed. */
interface ServerConn {
  socket: Socket;
  reader: MessageReader;
  owner: ClientConn | null;
  broken: boolean;
}

interface ClientConn {
  socket: Socket;
  server: ServerConn | null;
  /** Messages waiting for a server connection. */
  pending: Buffer[];
  /** Sync/Query messages forwarded and not yet answered by ReadyForQuery. */
  outstanding: number;
  /** The last ReadyForQuery status: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
  txStatus: string;
  /** When it asked for, and when it got, its current server connection. */
  askedAt: number;
  lentAt: number;
  closed: boolean;
}

class ServerPool {
  private idle: ServerConn[] = [];
  private all = new Set<ServerConn>();
  private waiters: ClientConn[] = [];
  private opening = 0;
  /** The server's ParameterStatus messages, replayed to each client at startup. */
  parameterStatus: Buffer[] = [];
  checkouts = 0;
  peakWaiting = 0;
  /** Recent hold and wait times (a bounded ring), for the stats. */
  readonly holds: number[] = [];
  readonly waits: number[] = [];

  private readonly opts: PoolerOptions;
  private readonly startup: Map<string, string>;

  constructor(opts: PoolerOptions, startup: Map<string, string>) {
    this.opts = opts;
    this.startup = startup;
  }

  get size(): number {
    return this.all.size;
  }
  get waiting(): number {
    return this.waiters.length;
  }

  /** Opens one server connection and completes its startup. */
  open(): Promise<ServerConn> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.opts.host, port: this.opts.port });
      socket.setNoDelay(true);
      const conn: ServerConn = { socket, reader: new MessageReader(), owner: null, broken: false };
      let ready = false;
      const status: Buffer[] = [];
      socket.once('connect', () => socket.write(startupMessage(this.startup)));
      socket.on('data', (chunk: Buffer) => {
        for (const msg of conn.reader.push(chunk)) {
          const type = String.fromCharCode(msg[0] ?? 0);
          if (!ready) {
            if (type === 'S') status.push(msg);
            else if (type === 'E') reject(new Error(`server refused startup: ${msg.subarray(5).toString('utf8')}`));
            else if (type === 'Z') {
              ready = true;
              if (this.parameterStatus.length === 0) this.parameterStatus = status;
              this.all.add(conn);
              resolve(conn);
            }
            continue;
          }
          this.fromServer(conn, msg, type);
        }
      });
      const fail = () => {
        conn.broken = true;
        this.all.delete(conn);
        this.idle = this.idle.filter((c) => c !== conn);
        if (!ready) reject(new Error('server connection failed'));
        const owner = conn.owner;
        if (owner) {
          owner.server = null;
          owner.socket.destroy();
        }
      };
      socket.on('error', fail);
      socket.on('close', fail);
    });
  }

  private fromServer(conn: ServerConn, msg: Buffer, type: string): void {
    const client = conn.owner;
    if (!client) return;
    if (!client.closed) client.socket.write(msg);
    if (type === 'Z') {
      client.outstanding--;
      client.txStatus = String.fromCharCode(msg[5] ?? 0);
      if (client.outstanding <= 0 && client.txStatus === 'I' && client.pending.length === 0) this.release(client);
    }
  }

  /** Forwards a client's message, borrowing a server connection first if it has none. */
  send(client: ClientConn, msg: Buffer): void {
    if (client.server) {
      this.forward(client, client.server, msg);
      return;
    }
    client.pending.push(msg);
    if (client.pending.length === 1) {
      client.askedAt = performance.now();
      this.acquire(client);
    }
  }

  private forward(client: ClientConn, server: ServerConn, msg: Buffer): void {
    const type = String.fromCharCode(msg[0] ?? 0);
    if (type === 'S' || type === 'Q') client.outstanding++;
    server.socket.write(msg);
  }

  private acquire(client: ClientConn): void {
    const conn = this.idle.pop();
    if (conn) {
      this.lend(client, conn);
      return;
    }
    this.waiters.push(client);
    this.peakWaiting = Math.max(this.peakWaiting, this.waiters.length);
    if (this.all.size + this.opening < this.opts.size) {
      this.opening++;
      this.open().then(
        (c) => {
          this.opening--;
          this.giveBack(c);
        },
        () => {
          this.opening--;
          // Could not open: fail the oldest waiter rather than hang it.
          const waiter = this.waiters.shift();
          if (waiter) {
            waiter.socket.end(errorResponse('53300', 'pooler: cannot open a server connection'));
          }
        },
      );
    }
  }

  private lend(client: ClientConn, conn: ServerConn): void {
    if (client.closed) {
      this.giveBack(conn);
      return;
    }
    conn.owner = client;
    client.server = conn;
    client.lentAt = performance.now();
    record(this.waits, client.lentAt - client.askedAt);
    this.checkouts++;
    const queued = client.pending;
    client.pending = [];
    for (const msg of queued) this.forward(client, conn, msg);
  }

  /** Puts a connection (new or returned) to use: the oldest waiter gets it, else it idles. */
  giveBack(conn: ServerConn): void {
    conn.owner = null;
    if (conn.broken) return;
    const waiter = this.waiters.shift();
    if (waiter) this.lend(waiter, conn);
    else this.idle.push(conn);
  }

  release(client: ClientConn): void {
    const conn = client.server;
    if (!conn) return;
    client.server = null;
    client.outstanding = 0;
    record(this.holds, performance.now() - client.lentAt);
    this.giveBack(conn);
  }

  /** A client went away: its server connection is reusable only if no transaction was open. */
  clientGone(client: ClientConn): void {
    client.closed = true;
    this.waiters = this.waiters.filter((w) => w !== client);
    const conn = client.server;
    if (!conn) return;
    client.server = null;
    if (client.outstanding > 0 || client.txStatus !== 'I') {
      // Mid-transaction: the only safe thing is to throw the server connection away.
      conn.broken = true;
      this.all.delete(conn);
      conn.socket.destroy();
      return;
    }
    this.giveBack(conn);
  }

  closeAll(): void {
    for (const c of this.all) c.socket.destroy();
  }
}

export async function startPooler(opts: PoolerOptions): Promise<Pooler> {
  const pools = new Map<string, ServerPool>();
  const clients = new Set<ClientConn>();

  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    const reader = new MessageReader();
    const client: ClientConn = {
      socket,
      server: null,
      pending: [],
      outstanding: 0,
      txStatus: 'I',
      askedAt: 0,
      lentAt: 0,
      closed: false,
    };
    clients.add(client);
    let pool: ServerPool | null = null;
    let started = false;

    const onTyped = (chunk: Buffer) => {
      if (!pool) return;
      for (const msg of reader.push(chunk)) {
        const type = String.fromCharCode(msg[0] ?? 0);
        if (type === 'X') {
          socket.end();
          return;
        }
        pool.send(client, msg);
      }
    };

    const startup = async (msg: Buffer) => {
      const code = msg.readInt32BE(4);
      if (code === SSL_REQUEST) {
        socket.write('N');
        return false;
      }
      if (code === CANCEL_REQUEST) {
        socket.end();
        return false;
      }
      const params = parseStartup(msg);
      const key = `${params.get('user') ?? ''}\0${params.get('database') ?? ''}`;
      let p = pools.get(key);
      if (!p) {
        const forServer = new Map([...params].filter(([k]) => k === 'user' || k === 'database'));
        p = new ServerPool(opts, forServer);
        pools.set(key, p);
        // The first connection teaches us the server's parameters.
        const first = await p.open().catch((err: unknown) => {
          socket.end(errorResponse('08006', `pooler: ${err instanceof Error ? err.message : String(err)}`));
          pools.delete(key);
          return null;
        });
        if (!first) return false;
        p.giveBack(first);
      }
      pool = p;
      const auth = message('R', Buffer.from([0, 0, 0, 0]));
      const keyData = message('K', Buffer.alloc(8));
      socket.write(Buffer.concat([auth, ...p.parameterStatus, keyData, message('Z', Buffer.from('I'))]));
      return true;
    };

    let startupChain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      if (started) return onTyped(chunk);
      startupChain = startupChain.then(async () => {
        if (started) return onTyped(chunk);
        let next: Buffer | null = reader.pushUntyped(chunk);
        while (next && !started) {
          started = await startup(next);
          next = started ? null : reader.pushUntyped(Buffer.alloc(0));
        }
        if (started) {
          const rest = reader.takeRest();
          if (rest.length) onTyped(rest);
        }
      });
    });
    const gone = () => {
      clients.delete(client);
      pool?.clientGone(client);
    };
    socket.on('close', gone);
    socket.on('error', () => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listenPort ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    stats() {
      let serverConnections = 0;
      let waiting = 0;
      let checkouts = 0;
      let peakWaiting = 0;
      const holds: number[] = [];
      const waits: number[] = [];
      for (const p of pools.values()) {
        serverConnections += p.size;
        waiting += p.waiting;
        checkouts += p.checkouts;
        peakWaiting = Math.max(peakWaiting, p.peakWaiting);
        holds.push(...p.holds);
        waits.push(...p.waits);
      }
      const round = (v: number) => Math.round(v * 100) / 100;
      return {
        clients: clients.size,
        serverConnections,
        waiting,
        checkouts,
        peakWaiting,
        holdP50Ms: round(pct(holds, 0.5)),
        holdP99Ms: round(pct(holds, 0.99)),
        holdMaxMs: round(holds.reduce((a, b) => Math.max(a, b), 0)),
        waitP99Ms: round(pct(waits, 0.99)),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.socket.destroy();
        for (const p of pools.values()) p.closeAll();
        server.close(() => resolve());
      }),
  };
}
