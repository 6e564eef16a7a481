// The classic design's real-time gateway, as a baseline for the benchmarks: Socket.IO with the
// Redis adapter (run as two processes sharing one Redis), rooms per conversation, a pg Pool per
// process; each message is committed with its outbox row (store.ts) before it is broadcast.
// Configuration from the environment: PORT, DATABASE_URL, REDIS_URL, TOKEN_KEY (base64),
// REDIS_PREFIX, PG_POOL_MAX.
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type DefaultEventsMap, Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { exitWithParent } from '../lib/orphan.ts';
import { appendMessage, conversationHead, messagesAfter } from './store.ts';
import { type BaselineClaims, verifyBaselineToken } from './tokens.ts';

const port = Number(process.env.PORT);
const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const tokenKey = Buffer.from(process.env.TOKEN_KEY ?? '', 'base64');
const prefix = process.env.REDIS_PREFIX ?? 'baseline:';
if (!Number.isInteger(port) || !databaseUrl || tokenKey.length !== 32) {
  console.error('baseline: PORT, DATABASE_URL and a 32-byte TOKEN_KEY are required');
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.PG_POOL_MAX ?? 10) });
pool.on('error', (err) => console.error(`baseline: pg pool: ${err.message}`));

const pub = new Redis(redisUrl);
const sub = pub.duplicate();

const uuid = z.uuid();
const sendFrame = z.object({
  clientId: z.string().min(1).max(64),
  body: z.string().min(1).max(4000),
  /** Agents name the conversation; a visitor's is in its token. */
  conversationId: uuid.optional(),
});
const joinFrame = z.object({ conversationId: uuid, lastSeq: z.number().int().nonnegative().optional() });

type Ack = (reply: unknown) => void;
const room = (conversationId: string) => `c:${conversationId}`;
const errorReply = (code: string, message: string) => ({ error: { code, message } });

interface SocketData {
  claims: BaselineClaims;
}

const http = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  res.writeHead(404).end();
});
type GatewaySocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
const io = new Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>(http, {
  transports: ['websocket'],
  serveClient: false,
  adapter: createAdapter(pub, sub, { key: `${prefix}socket.io` }),
});

io.use((socket, next) => {
  const auth: unknown = socket.handshake.auth;
  const token = typeof auth === 'object' && auth && 'token' in auth && typeof auth.token === 'string' ? auth.token : '';
  verifyBaselineToken(tokenKey, token).then(
    (claims) => {
      if (!claims) return next(new Error('unauthorized'));
      socket.data.claims = claims;
      next();
    },
    () => next(new Error('unauthorized')),
  );
});

/** Joins the room, then (when resuming) replays what the client missed, in order. */
async function enter(socket: GatewaySocket, conversationId: string, projectId: string, lastSeq: number | undefined) {
  const head = await conversationHead(pool, conversationId, projectId);
  if (head === null) return null;
  await socket.join(room(conversationId));
  if (lastSeq !== undefined && lastSeq < head) {
    for (const message of await messagesAfter(pool, conversationId, lastSeq)) socket.emit('message', message);
  }
  return head;
}

function safeAck(ack: unknown): Ack {
  return typeof ack === 'function' ? (reply) => (ack as Ack)(reply) : () => undefined;
}

io.on('connection', (socket) => {
  const { claims } = socket.data;
  if (claims.kind === 'visitor' && claims.conversationId) {
    const conversationId = claims.conversationId;
    const auth: unknown = socket.handshake.auth;
    const lastSeq =
      typeof auth === 'object' && auth && 'lastSeq' in auth && typeof auth.lastSeq === 'number'
        ? auth.lastSeq
        : undefined;
    enter(socket, conversationId, claims.projectId, lastSeq).then(
      (head) => {
        if (head === null) socket.emit('failure', errorReply('not_found', 'Conversation not found'));
        else socket.emit('welcome', { conversationId, lastSeq: head });
      },
      (err: unknown) => socket.emit('failure', errorReply('internal', String(err))),
    );
  }

  socket.on('join', (frame: unknown, ackFn: unknown) => {
    const ack = safeAck(ackFn);
    const parsed = joinFrame.safeParse(frame);
    if (!parsed.success || claims.kind !== 'agent')
      return ack(errorReply('bad_frame', 'join needs an agent and a conversationId'));
    enter(socket, parsed.data.conversationId, claims.projectId, parsed.data.lastSeq).then(
      (head) => ack(head === null ? errorReply('not_found', 'Conversation not found') : { lastSeq: head }),
      () => ack(errorReply('internal', 'join failed')),
    );
  });

  socket.on('send', (frame: unknown, ackFn: unknown) => {
    const ack = safeAck(ackFn);
    const parsed = sendFrame.safeParse(frame);
    if (!parsed.success) return ack(errorReply('invalid_message', parsed.error.issues[0]?.message ?? 'invalid'));
    const conversationId = claims.kind === 'visitor' ? claims.conversationId : parsed.data.conversationId;
    if (!conversationId || !socket.rooms.has(room(conversationId)))
      return ack(errorReply('forbidden', 'Not in this conversation'));
    appendMessage(pool, {
      conversationId,
      projectId: claims.projectId,
      clientId: parsed.data.clientId,
      authorKind: claims.kind,
      authorId: claims.sub,
      body: parsed.data.body,
    }).then(
      (result) => {
        if (result.kind === 'not_found') return ack(errorReply('not_found', 'Conversation not found'));
        const { message } = result;
        ack({ clientId: message.clientId, seq: message.seq, messageId: message.id, createdAt: message.createdAt });
        // Committed: now everyone else in the room, on this process and (through Redis) the other.
        if (result.kind === 'created') socket.to(room(conversationId)).emit('message', message);
      },
      (err: unknown) => {
        console.error(`baseline: send failed: ${err instanceof Error ? err.message : String(err)}`);
        ack(errorReply('internal', 'Message not stored'));
      },
    );
  });
});

http.listen(port, '127.0.0.1', () => console.log(`baseline: listening on ${port} (pid ${process.pid})`));

exitWithParent(async () => {
  await io.close();
  await pool.end().catch(() => undefined);
  pub.disconnect();
  sub.disconnect();
});
