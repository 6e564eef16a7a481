// A transaction-mode Postgres connection pooler (what Neon's pooled endpoint — PgBouncer — does in
// production), used by `npm run dev` in front of the embedded Postgres and by the bench: many client
// connections share a few server connections, each lent to a client from its first message until
// Postgres reports the transaction finished (ReadyForQuery 'I'). Without it, every awake
// ConversationRoom holds a backend and 200 busy rooms exceed max_connections.
// Enough protocol for the Neon driver (through local/pg-ws-proxy.ts) and node-postgres: startup
// with a cleartext password or none, simple and extended queries, Terminate. Session state cannot
// leak from one client to the next: a server connection on which a client left any (a named
// prepared statement, SET, LISTEN, a session advisory lock, a temporary table, a held cursor) gets
// DISCARD ALL before it is lent again, and clients with different startup parameters never share
// one. Loopback only: no TLS, no COPY, no cancel requests.
import { createHash, timingSafeEqual } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface PoolerOptions {
  /** The real server. */
  host: string;
  port: number;
  /** Server connections per set of startup parameters (user, database, client_encoding…). */
  size: number;
  listenPort?: number;
  /**
   * The server's password for the users that connect (the embedded Postgres asks for one). When
   * set, clients must present the same password (cleartext: loopback only) and server
   * connections answer the server's cleartext or MD5 request with it; unset, both sides trust.
   */
  password?: string;
}

export interface PoolerStats {
  clients: number;
  /** Client connections accepted since the pooler started (each a WebSocket and a startup through the proxy). */
  clientsAccepted: number;
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
  /** Server connections given DISCARD ALL because a client left session state on them. */
  resets: number;
  /** Statements clients ran: Execute messages plus simple queries (the bench counts them per message). */
  statements: number;
}

export interface Pooler {
  port: number;
  stats(): PoolerStats;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;

/**
 * SQL that leaves state in the session beyond its transaction: SET/RESET (not SET LOCAL or SET
 * TRANSACTION), set_config, LISTEN, PREPARE, DECLARE (WITH HOLD), LOAD, temporary tables, session
 * advisory locks. Conservative: a false positive costs one DISCARD ALL. Parley's own queries match
 * none of it (docs/SETUP_AND_DEPLOYMENT.md, "The transaction pooler").
 */
export const SESSION_STATE =
  /(?:^|;)\s*(?:set\s+(?!local\b|transaction\b|constraints\b)|reset\b|listen\b|prepare\b|declare\b|load\b|create\s+(?:(?:global|local)\s+)?temp(?:orary)?\b)|\bset_config\s*\(|\bpg_(?:try_)?advisory_lock(?:_shared)?\s*\(/i;

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
  /** Its current client left session state on it: DISCARD ALL before the next client. */
  dirty: boolean;
  /** DISCARD ALL sent, its ReadyForQuery not yet back. */
  resetting: boolean;
}

const DISCARD_ALL = message('Q', Buffer.from('DISCARD ALL\0', 'utf8'));

/** A C string at `offset` of a message, and where the next field starts. */
function cstringAt(msg: Buffer, offset: number): [string, number] {
  const end = msg.indexOf(0, offset);
  const stop = end < 0 ? msg.length : end;
  return [msg.toString('utf8', offset, stop), stop + 1];
}

/** Whether a client message leaves state in the session (a named statement, or SESSION_STATE SQL). */
function touchesSession(msg: Buffer, type: string): boolean {
  if (type === 'Q') return SESSION_STATE.test(cstringAt(msg, 5)[0]);
  if (type === 'P') {
    const [name, next] = cstringAt(msg, 5);
    return name !== '' || SESSION_STATE.test(cstringAt(msg, next)[0]);
  }
  return false;
}

/** The password message a server's authentication request asks for (trust: none). */
function authAnswer(msg: Buffer, user: string, password: string | undefined): Buffer | null {
  const code = msg.readInt32BE(5);
  if (code === 0) return null;
  if (password === undefined) throw new Error('server asks for a password and the pooler has none');
  if (code === 3) return message('p', cstrings(password));
  if (code === 5) {
    const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
    const inner = md5(password + user);
    return message('p', cstrings(`md5${md5(Buffer.concat([Buffer.from(inner), msg.subarray(9, 13)]))}`));
  }
  throw new Error(`server asks for authentication method ${code}; the pooler speaks cleartext and MD5 only`);
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
  resets = 0;
  statements = 0;
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
      const conn: ServerConn = {
        socket,
        reader: new MessageReader(),
        owner: null,
        broken: false,
        dirty: false,
        resetting: false,
      };
      let ready = false;
      const status: Buffer[] = [];
      socket.once('connect', () => socket.write(startupMessage(this.startup)));
      socket.on('data', (chunk: Buffer) => {
        for (const msg of conn.reader.push(chunk)) {
          const type = String.fromCharCode(msg[0] ?? 0);
          if (!ready) {
            if (type === 'S') status.push(msg);
            else if (type === 'R') {
              try {
                const answer = authAnswer(msg, this.startup.get('user') ?? '', this.opts.password);
                if (answer) socket.write(answer);
              } catch (err) {
                reject(err);
                socket.destroy();
              }
            } else if (type === 'E') reject(new Error(`server refused startup: ${msg.subarray(5).toString('utf8')}`));
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
    if (!client) {
      if (conn.resetting && type === 'E') conn.broken = true;
      if (conn.resetting && type === 'Z') {
        conn.resetting = false;
        conn.dirty = false;
        if (conn.broken) this.drop(conn);
        else this.giveBack(conn);
      }
      return;
    }
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
    if (type === 'E' || type === 'Q') this.statements++;
    if (!server.dirty && touchesSession(msg, type)) server.dirty = true;
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
    this.grow();
  }

  /** Opens one more server connection when clients wait and the pool has room. */
  private grow(): void {
    if (this.waiters.length > 0 && this.all.size + this.opening < this.opts.size) {
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
    if (conn.dirty) {
      // Session state of the last client: wipe it first (fromServer gives it back after).
      conn.resetting = true;
      this.resets++;
      conn.socket.write(DISCARD_ALL);
      return;
    }
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
      this.drop(conn);
      return;
    }
    this.giveBack(conn);
  }

  private drop(conn: ServerConn): void {
    conn.broken = true;
    conn.owner = null;
    this.all.delete(conn);
    this.idle = this.idle.filter((c) => c !== conn);
    conn.socket.destroy();
    this.grow();
  }

  closeAll(): void {
    for (const c of this.all) c.socket.destroy();
  }
}

/** Same password, compared in constant time. */
function samePassword(given: string, expected: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const AUTH_OK = message('R', Buffer.from([0, 0, 0, 0]));
const AUTH_CLEARTEXT = message('R', Buffer.from([0, 0, 0, 3]));

export async function startPooler(opts: PoolerOptions): Promise<Pooler> {
  const pools = new Map<string, { pool: ServerPool; ready: Promise<void> }>();
  const clients = new Set<ClientConn>();
  let clientsAccepted = 0;

  /**
   * The pool for a client's startup parameters: all of them but application_name go to the server
   * and into the key, so clients that asked for different settings never share a backend.
   */
  const poolFor = async (params: Map<string, string>): Promise<ServerPool> => {
    const forServer = new Map([...params].filter(([k]) => k !== 'application_name'));
    const key = [...forServer]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('\0');
    let entry = pools.get(key);
    if (!entry) {
      const pool = new ServerPool(opts, forServer);
      // The first connection teaches us the server's parameters (replayed to every client).
      const ready = pool.open().then((first) => pool.giveBack(first));
      entry = { pool, ready };
      pools.set(key, entry);
      ready.catch(() => pools.delete(key));
    }
    await entry.ready;
    return entry.pool;
  };

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
    clientsAccepted++;
    let pool: ServerPool | null = null;
    let phase: 'startup' | 'password' | 'ready' | 'closed' = 'startup';
    let params = new Map<string, string>();

    const refuse = (code: string, text: string) => {
      phase = 'closed';
      socket.end(errorResponse(code, text));
    };

    const onMessages = (msgs: Buffer[]) => {
      if (!pool) return;
      for (const msg of msgs) {
        if (msg[0] === 0x58 /* X: Terminate */) {
          socket.end();
          return;
        }
        pool.send(client, msg);
      }
    };

    /** Lends the client its pool and says ready; false (and closed) when the server refused. */
    const accept = async (): Promise<boolean> => {
      try {
        pool = await poolFor(params);
      } catch (err) {
        refuse('08006', `pooler: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      }
      socket.write(
        Buffer.concat([
          AUTH_OK,
          ...pool.parameterStatus,
          message('K', Buffer.alloc(8)),
          message('Z', Buffer.from('I')),
        ]),
      );
      phase = 'ready';
      return true;
    };

    /** Startup (SSL refusal, parameters), then the password when one is configured. */
    const handshake = async (chunk: Buffer) => {
      if (phase === 'ready') return onMessages(reader.push(chunk));
      if (phase === 'startup') {
        let msg = reader.pushUntyped(chunk);
        while (msg && phase === 'startup') {
          const code = msg.readInt32BE(4);
          if (code === SSL_REQUEST) socket.write('N');
          else if (code === CANCEL_REQUEST) {
            phase = 'closed';
            socket.end();
          } else {
            params = parseStartup(msg);
            if (opts.password === undefined) await accept();
            else {
              phase = 'password';
              socket.write(AUTH_CLEARTEXT);
            }
          }
          msg = phase === 'startup' ? reader.pushUntyped(Buffer.alloc(0)) : null;
        }
        if (phase === 'startup' || phase === 'closed') return;
        chunk = reader.takeRest();
      }
      const msgs = reader.push(chunk);
      if (phase === 'password') {
        const answer = msgs.shift();
        if (!answer) return;
        const given = answer[0] === 0x70 /* p */ ? cstringAt(answer, 5)[0] : '';
        if (opts.password === undefined || !samePassword(given, opts.password)) {
          refuse('28P01', `password authentication failed for user "${params.get('user') ?? ''}"`);
          return;
        }
        if (!(await accept())) return;
      }
      onMessages(msgs);
    };

    let chain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      if (phase === 'ready') return onMessages(reader.push(chunk));
      chain = chain.then(() => handshake(chunk));
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
      let resets = 0;
      let statements = 0;
      for (const { pool: p } of pools.values()) {
        resets += p.resets;
        statements += p.statements;
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
        clientsAccepted,
        serverConnections,
        waiting,
        checkouts,
        peakWaiting,
        holdP50Ms: round(pct(holds, 0.5)),
        holdP99Ms: round(pct(holds, 0.99)),
        holdMaxMs: round(holds.reduce((a, b) => Math.max(a, b), 0)),
        waitP99Ms: round(pct(waits, 0.99)),
        resets,
        statements,
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.socket.destroy();
        for (const { pool: p } of pools.values()) p.closeAll();
        server.close(() => resolve());
      }),
  };
}
