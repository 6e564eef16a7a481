// A transaction-mode Postgres connection pooler (what Neon's pooled endpoint — PgBouncer — does in
// production), used by `npm run dev` in front of the embedded Postgres and by the bench: many client
// connections share a few server connections, each lent to a client from its first message until
// Postgres reports the transaction finished (ReadyForQuery 'I'). Without it, every awake
// ConversationRoom holds a backend and 200 busy rooms exceed max_connections.
// Enough protocol for the Neon driver (through local/pg-ws-proxy.ts) and node-postgres: startup
// with a cleartext password or none, simple and extended queries, Terminate. Session state cannot
// leak from one client to the next: a server connection on which a client left any (SET, LISTEN,
// a session advisory lock, a temporary table, a held cursor) gets DISCARD ALL before it is lent
// again, and clients with different startup parameters never share one. Named prepared statements
// are not session state here: like PgBouncer >= 1.21 (max_prepared_statements, what Neon's pooled
// endpoint runs), the pooler keeps each client's statements itself and prepares them on whichever
// server connection the client is lent, under a name of its own (see "Named prepared statements"
// below). Loopback only: no TLS, no COPY, no cancel requests.
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
  /**
   * Named statements a server connection keeps prepared (least recently used closed first, when
   * the connection goes back to the pool). PgBouncer's max_prepared_statements; default 500.
   */
  maxPreparedStatements?: number;
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
  /** Parse messages of named statements clients sent. */
  namedParses: number;
  /** Of those (and of the Parses injected before a Bind or Describe), how many the server parsed. */
  serverParses: number;
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
 * advisory locks; and DEALLOCATE / DISCARD, which would drop the statements the pooler prepared
 * (DISCARD ALL after it resets what the pooler knows of them). Conservative: a false positive
 * costs one DISCARD ALL. Parley's own queries match none of it (docs/SETUP_AND_DEPLOYMENT.md,
 * "The transaction pooler").
 */
export const SESSION_STATE =
  /(?:^|;)\s*(?:set\s+(?!local\b|transaction\b|constraints\b)|reset\b|listen\b|prepare\b|deallocate\b|discard\b|declare\b|load\b|create\s+(?:(?:global|local)\s+)?temp(?:orary)?\b)|\bset_config\s*\(|\bpg_(?:try_)?advisory_lock(?:_shared)?\s*\(/i;

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
  /** DISCARD ALL (or the Close of statements over the bound) sent, its ReadyForQuery not yet back. */
  resetting: boolean;
  /** Server-side names of the statements prepared on it, least recently used first. */
  prepared: Set<string>;
  /** What the server will answer, in order, and what the client gets of it. */
  responses: ResponseQueue;
}

const DISCARD_ALL = message('Q', Buffer.from('DISCARD ALL\0', 'utf8'));

/** A C string at `offset` of a message, and where the next field starts. */
function cstringAt(msg: Buffer, offset: number): [string, number] {
  const end = msg.indexOf(0, offset);
  const stop = end < 0 ? msg.length : end;
  return [msg.toString('utf8', offset, stop), stop + 1];
}

/** Whether a client message leaves state in the session (SESSION_STATE SQL; named statements are the pooler's). */
function touchesSession(msg: Buffer, type: string): boolean {
  if (type === 'Q') return SESSION_STATE.test(cstringAt(msg, 5)[0]);
  if (type === 'P') return SESSION_STATE.test(cstringAt(msg, cstringAt(msg, 5)[1])[0]);
  return false;
}

// ---- Named prepared statements ----------------------------------------------------------------
// A client's named statement lives in the client's map (its name → the Parse's query text and
// parameter types); a server connection prepares it under a name derived from that text and those
// types, so every client (and every server connection) agrees on it. The pooler rewrites the
// client's messages: a Parse the lent server already has is answered by the pooler, a Bind or
// Describe of a statement the server lacks gets the Parse injected before it (its ParseComplete
// swallowed), a Close only forgets the client's name. A ResponseQueue keeps the answers in the order
// the client sent its messages.

/** A named statement as a client prepared it: enough to prepare it again on any server connection. */
interface Statement {
  serverName: string;
  /** The Parse message after the statement name: query text and parameter type OIDs. */
  body: Buffer;
}

const PARSE_COMPLETE = message('1', Buffer.alloc(0));
const CLOSE_COMPLETE = message('3', Buffer.alloc(0));
const SYNC = message('S', Buffer.alloc(0));

/**
 * Writes a protocol message, coalescing with the others written in the same tick: a query's
 * Parse/Bind/Describe/Execute/Sync, or a reply's ParseComplete…ReadyForQuery, leave in one write
 * instead of one each. Each write is a syscall here and, after the WebSocket proxy, a frame and a
 * wake-up of the client's isolate (measured: ~3 frames per query each way before).
 */
function coalesced(socket: Socket, msg: Buffer): void {
  if (socket.writableCorked === 0) {
    socket.cork();
    process.nextTick(() => socket.uncork());
  }
  socket.write(msg);
}

function statementOf(body: Buffer): Statement {
  // 30 hex digits of SHA-256: a collision between two texts is not a practical concern.
  return { serverName: `pooler_${createHash('sha256').update(body).digest('hex').slice(0, 30)}`, body };
}

function cstring(value: string): Buffer {
  return Buffer.from(`${value}\0`, 'utf8');
}

/** A message whose statement name (a C string at `at`, ending before `after`) is replaced. */
function renamed(msg: Buffer, at: number, after: number, name: string): Buffer {
  return message(
    String.fromCharCode(msg[0] ?? 0),
    Buffer.concat([msg.subarray(5, at), cstring(name), msg.subarray(after)]),
  );
}

function parseOf(stmt: Statement): Buffer {
  return message('P', Buffer.concat([cstring(stmt.serverName), stmt.body]));
}

function closeOf(serverName: string): Buffer {
  return message('C', Buffer.concat([Buffer.from('S'), cstring(serverName)]));
}

/**
 * One message the server will answer (or that the pooler answers in its place). `request` is the
 * message type: P(arse), B(ind), D(escribe), E(xecute), C(lose), S(ync) or Q(uery).
 */
interface Expected {
  request: string;
  /** forward: the client gets the answer; skip: the pooler's own message, the answer is swallowed; fake: never sent, the client gets `reply`. */
  action: 'forward' | 'skip' | 'fake';
  reply?: Buffer;
  /** The server refused the message, or ignored it after an earlier error: undo what sending it recorded. */
  undo?: () => void;
}

/** Which server message is the last of the answer to each request (an ErrorResponse ends any). */
function endsAnswer(request: string, type: string): boolean {
  switch (request) {
    case 'P':
      return type === '1';
    case 'B':
      return type === '2';
    case 'C':
      return type === '3';
    case 'D':
      return type === 'T' || type === 'n';
    case 'E':
      return type === 'C' || type === 'I' || type === 's';
    default:
      return type === 'Z';
  }
}

/**
 * The answers a lent server connection owes, in the order its client sent the messages. After an
 * ErrorResponse Postgres ignores the extended-protocol messages up to the next Sync: those expect
 * nothing any more (their undo runs), and until that Sync is sent (`skipping`) new ones are dropped.
 */
class ResponseQueue {
  private queue: Expected[] = [];
  skipping = false;

  private readonly toClient: (msg: Buffer) => void;

  constructor(toClient: (msg: Buffer) => void) {
    this.toClient = toClient;
  }

  get empty(): boolean {
    return this.queue.length === 0;
  }

  expect(entry: Expected): void {
    this.queue.push(entry);
    if (entry.request === 'S') this.skipping = false;
    this.answerFakes();
  }

  /** A message from the server: to the client, swallowed, or the end of a failed pipeline. */
  receive(msg: Buffer, type: string): void {
    const head = this.queue[0];
    // Notices, notifications and parameter changes come any time and answer nothing.
    if (!head || type === 'N' || type === 'A' || type === 'S') {
      this.toClient(msg);
      return;
    }
    if (type === 'E' && head.request !== 'S' && head.request !== 'Q') {
      // Even the error of an injected Parse goes to the client: it is its Bind's or Describe's error.
      this.toClient(msg);
      this.failed();
      return;
    }
    if (head.action === 'forward') this.toClient(msg);
    if (endsAnswer(head.request, type)) {
      this.queue.shift();
      this.answerFakes();
    }
  }

  /** The head failed and the server ignores the rest up to the next Sync. */
  private failed(): void {
    const sync = this.queue.findIndex((e) => e.request === 'S');
    const dropped = sync < 0 ? this.queue.splice(0) : this.queue.splice(0, sync);
    if (sync < 0) this.skipping = true;
    // Undone newest first: a Close then a Parse of the same name comes back to the Close's statement.
    for (const e of dropped.reverse()) e.undo?.();
    this.answerFakes();
  }

  /** The pooler's own answers, once every answer before them reached the client. */
  private answerFakes(): void {
    while (this.queue[0]?.action === 'fake') {
      const e = this.queue.shift();
      if (e?.reply) this.toClient(e.reply);
    }
  }

  clear(): void {
    this.queue = [];
    this.skipping = false;
  }
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
  /** Its named prepared statements, by its names for them. */
  statements: Map<string, Statement>;
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
  namedParses = 0;
  serverParses = 0;
  /** Recent hold and wait times (a bounded ring), for the stats. */
  readonly holds: number[] = [];
  readonly waits: number[] = [];

  private readonly opts: PoolerOptions;
  private readonly startup: Map<string, string>;
  private readonly maxPrepared: number;

  constructor(opts: PoolerOptions, startup: Map<string, string>) {
    this.opts = opts;
    this.startup = startup;
    this.maxPrepared = opts.maxPreparedStatements ?? 500;
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
        prepared: new Set(),
        responses: new ResponseQueue((msg) => {
          if (conn.owner && !conn.owner.closed) coalesced(conn.owner.socket, msg);
        }),
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
    conn.responses.receive(msg, type);
    if (type === 'Z') {
      client.outstanding--;
      client.txStatus = String.fromCharCode(msg[5] ?? 0);
      const done = client.outstanding <= 0 && client.txStatus === 'I' && client.pending.length === 0;
      if (done && conn.responses.empty) this.release(client);
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
    // After an error the server ignores all but Sync; the client expects no answer to these.
    if (server.responses.skipping && type !== 'S') return;
    if (type === 'S' || type === 'Q') client.outstanding++;
    if (type === 'E' || type === 'Q') this.statements++;
    if (!server.dirty && touchesSession(msg, type)) server.dirty = true;
    if (type === 'P') this.parse(client, server, msg);
    else if (type === 'B') this.bind(client, server, msg);
    else if (type === 'D') this.describe(client, server, msg);
    else if (type === 'C') this.close(client, server, msg);
    else this.pass(server, msg);
  }

  /** Sends a message to the server, expecting its answer (Flush has none). */
  private pass(server: ServerConn, msg: Buffer, action: 'forward' | 'skip' = 'forward', undo?: () => void): void {
    const type = String.fromCharCode(msg[0] ?? 0);
    if (type !== 'H') server.responses.expect({ request: type, action, undo });
    coalesced(server.socket, msg);
  }

  /**
   * A named Parse: recorded as the client's, answered by the pooler when the server connection
   * already has the statement, else prepared there under its server-side name. If the server
   * refuses it (or ignores it after an earlier error), neither the client nor the connection keeps it.
   */
  private parse(client: ClientConn, server: ServerConn, msg: Buffer): void {
    const [name, bodyAt] = cstringAt(msg, 5);
    if (name === '') {
      this.pass(server, msg);
      return;
    }
    this.namedParses++;
    const body = msg.subarray(bodyAt);
    const existing = client.statements.get(name);
    if (existing) {
      // Postgres refuses a second statement of one name (42P05). Let the server say so, in its
      // place in the pipeline: a Parse under the existing statement's server-side name fails.
      this.ensurePrepared(server, existing);
      this.pass(server, parseOf({ serverName: existing.serverName, body }));
      return;
    }
    const stmt = statementOf(body);
    client.statements.set(name, stmt);
    const forget = () => {
      if (client.statements.get(name) === stmt) client.statements.delete(name);
    };
    if (server.prepared.has(stmt.serverName)) {
      this.touch(server, stmt.serverName);
      server.responses.expect({ request: 'P', action: 'fake', reply: PARSE_COMPLETE, undo: forget });
      return;
    }
    this.serverParses++;
    server.prepared.add(stmt.serverName);
    this.pass(server, parseOf(stmt), 'forward', () => {
      forget();
      server.prepared.delete(stmt.serverName);
    });
  }

  /** Prepares a client's statement on the server connection first if it lacks it (the answer swallowed). */
  private ensurePrepared(server: ServerConn, stmt: Statement): void {
    if (server.prepared.has(stmt.serverName)) {
      this.touch(server, stmt.serverName);
      return;
    }
    this.serverParses++;
    server.prepared.add(stmt.serverName);
    this.pass(server, parseOf(stmt), 'skip', () => server.prepared.delete(stmt.serverName));
  }

  /** Marks a statement used: the least recently used are the first closed. */
  private touch(server: ServerConn, serverName: string): void {
    server.prepared.delete(serverName);
    server.prepared.add(serverName);
  }

  /** Bind: portal name, statement name, then parameters. */
  private bind(client: ClientConn, server: ServerConn, msg: Buffer): void {
    const [, nameAt] = cstringAt(msg, 5);
    const [name, after] = cstringAt(msg, nameAt);
    const stmt = name === '' ? undefined : client.statements.get(name);
    if (!stmt) {
      this.pass(server, msg); // unnamed, or unknown: the server says it does not exist
      return;
    }
    this.ensurePrepared(server, stmt);
    this.pass(server, renamed(msg, nameAt, after, stmt.serverName));
  }

  /** Describe: 'S' (a statement) or 'P' (a portal), then the name. */
  private describe(client: ClientConn, server: ServerConn, msg: Buffer): void {
    const [name, after] = cstringAt(msg, 6);
    const stmt = msg[5] === 0x53 /* S */ && name !== '' ? client.statements.get(name) : undefined;
    if (!stmt) {
      this.pass(server, msg);
      return;
    }
    this.ensurePrepared(server, stmt);
    this.pass(server, renamed(msg, 6, after, stmt.serverName));
  }

  /**
   * Close of a named statement: the client forgets it and the pooler answers (closing a name that
   * does not exist is no error in Postgres either); the server connection keeps it for others.
   */
  private close(client: ClientConn, server: ServerConn, msg: Buffer): void {
    const [name] = cstringAt(msg, 6);
    if (msg[5] !== 0x53 /* S */ || name === '') {
      this.pass(server, msg);
      return;
    }
    const stmt = client.statements.get(name);
    client.statements.delete(name);
    const restore = () => {
      if (stmt && !client.statements.has(name)) client.statements.set(name, stmt);
    };
    server.responses.expect({ request: 'C', action: 'fake', reply: CLOSE_COMPLETE, undo: restore });
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
    conn.responses.clear();
    if (conn.broken) return;
    if (conn.dirty) {
      // Session state of the last client: wipe it first (fromServer gives it back after). DISCARD
      // ALL deallocates the prepared statements too: they are prepared again when next used.
      conn.resetting = true;
      this.resets++;
      conn.prepared.clear();
      conn.socket.write(DISCARD_ALL);
      return;
    }
    if (conn.prepared.size > this.maxPrepared) {
      // Over the bound: close the least recently used, between clients so no pipeline (nor an
      // error in one, which would make the server ignore the Close) is in the way.
      const excess = [...conn.prepared].slice(0, conn.prepared.size - this.maxPrepared);
      for (const name of excess) conn.prepared.delete(name);
      conn.resetting = true;
      conn.socket.write(Buffer.concat([...excess.map(closeOf), SYNC]));
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
      statements: new Map(),
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
      let namedParses = 0;
      let serverParses = 0;
      for (const { pool: p } of pools.values()) {
        resets += p.resets;
        statements += p.statements;
        namedParses += p.namedParses;
        serverParses += p.serverParses;
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
        namedParses,
        serverParses,
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
