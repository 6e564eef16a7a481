// A small stand-in for Parley's widget-facing surface (visitor session, opening a conversation,
// the ConversationRoom socket protocol, the widget assets and the demo page), driven by the UI
// tests to produce states the real backend only shows rarely: a failed send, a slow ack, an agent
// typing, agents away. The real backend's behaviour is tested by widget.e2e.ts against wrangler.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Message, RoomClientFrame, RoomServerFrame } from '../../durable-objects/protocol.ts';
import { demoPage } from '../../worker/routes/dev-demo-page.ts';

export interface FakeSettings {
  color?: string;
  position?: 'left' | 'right';
  launcherLabel?: string;
  greeting?: string;
  awayMessage?: string;
  locale?: string;
  preChatForm?: boolean;
}

interface Room {
  id: string;
  messages: Message[];
  sockets: Set<WebSocket>;
}

export interface FakeParley {
  url: string;
  settings: FakeSettings;
  rooms: Map<string, Room>;
  /** Frames every visitor socket received from the client, for assertions. */
  received: RoomClientFrame[];
  /** The next sends with these codes are answered with an error instead of an ack. */
  failNextSends: string[];
  /** Hold acks (the message is still committed and broadcast) to show "sending". */
  holdAcks: boolean;
  agents: { id: string; name: string; avatarUrl?: string }[];
  agentSay(roomId: string, body: string, name?: string): Message;
  broadcast(roomId: string, frame: RoomServerFrame): void;
  close(): Promise<void>;
}

const DIST = join(import.meta.dirname, '../../dist/public');

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let data = '';
  for await (const chunk of req) data += String(chunk);
  return data ? (JSON.parse(data) as Record<string, unknown>) : {};
}

export async function startFakeParley(port: number): Promise<FakeParley> {
  const rooms = new Map<string, Room>();
  const visitors = new Map<string, { id: string; name: string | null; email: string | null }>();
  const fake = {
    url: `http://127.0.0.1:${port}`,
    settings: {} as FakeSettings,
    rooms,
    received: [] as RoomClientFrame[],
    failNextSends: [] as string[],
    holdAcks: false,
    agents: [{ id: randomUUID(), name: 'Ada Agent' }] as FakeParley['agents'],
  } as FakeParley;

  const summary = (room: Room, visitorId: string) => ({
    id: room.id,
    projectId: 'p',
    status: 'open',
    snoozedUntil: null,
    assigneeId: null,
    visitor: { id: visitorId, name: null, email: null, verified: false },
    lastActivityAt: new Date().toISOString(),
    lastMessageAt: room.messages.at(-1)?.createdAt ?? null,
    lastMessagePreview: null,
    lastSeq: room.messages.length,
    unreadByAgent: 0,
    unreadByVisitor: 0,
    createdAt: new Date().toISOString(),
  });

  const commit = (room: Room, author: Message['author'], body: string, clientId: string | null): Message => {
    const message: Message = {
      id: randomUUID(),
      conversationId: room.id,
      seq: room.messages.length + 1,
      clientId,
      author,
      body,
      private: false,
      attachment: null,
      createdAt: new Date().toISOString(),
    };
    room.messages.push(message);
    return message;
  };

  fake.broadcast = (roomId, frame) => {
    for (const socket of rooms.get(roomId)?.sockets ?? []) socket.send(JSON.stringify(frame));
  };
  fake.agentSay = (roomId, body, name = 'Ada Agent') => {
    const room = rooms.get(roomId);
    if (!room) throw new Error(`no room ${roomId}`);
    const agent = fake.agents.find((a) => a.name === name) ?? { id: randomUUID(), name };
    const message = commit(room, { kind: 'agent', id: agent.id, name, avatarUrl: agent.avatarUrl }, body, null);
    fake.broadcast(roomId, { type: 'message', message });
    return message;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', fake.url);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': 'content-type, authorization',
          'access-control-allow-methods': 'POST',
        });
        res.end();
      } else if (url.pathname === '/widget.js' || url.pathname.startsWith('/widget/')) {
        const body = await readFile(join(DIST, url.pathname)).catch(() => null);
        res.writeHead(body ? 200 : 404, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
        res.end(body);
      } else if (url.pathname === '/dev/demo') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(
          demoPage({
            parleyOrigin: fake.url,
            widgetKey: 'pk_fake',
            hostile: url.searchParams.get('plain') !== '1',
            widget: true,
            nonce: 'n',
          }),
        );
      } else if (url.pathname === '/api/widget/session' && req.method === 'POST') {
        const body = await readBody(req);
        const token = typeof body.visitorToken === 'string' ? body.visitorToken : undefined;
        const visitor = (token && visitors.get(token)) || { id: randomUUID(), name: null, email: null };
        const identity = body.identity as { name?: string; email?: string } | undefined;
        if (identity?.name) visitor.name = identity.name;
        if (identity?.email) visitor.email = identity.email;
        const newToken = token && visitors.has(token) ? token : `vt_${visitor.id}`;
        visitors.set(newToken, visitor);
        const mine = [...rooms.values()].filter((r) => r.id.startsWith(visitor.id));
        json(res, 200, {
          visitorToken: newToken,
          visitor,
          settings: fake.settings,
          conversations: mine.map((r) => summary(r, visitor.id)),
        });
      } else if (url.pathname === '/api/widget/conversations' && req.method === 'POST') {
        const token = req.headers.authorization?.replace('Bearer ', '') ?? '';
        const visitor = visitors.get(token);
        if (!visitor) return json(res, 401, { error: { code: 'unauthorized', message: 'no' } });
        const id = `${visitor.id}-c`;
        if (!rooms.has(id)) rooms.set(id, { id, messages: [], sockets: new Set() });
        const room = rooms.get(id);
        if (room) json(res, 201, { conversation: summary(room, visitor.id) });
      } else json(res, 404, { error: { code: 'not_found', message: url.pathname } });
    })();
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', fake.url);
    const id = decodeURIComponent(url.pathname.replace('/ws/conversations/', ''));
    const token = url.searchParams.get('token') ?? '';
    const visitor = visitors.get(token);
    const room = rooms.get(id);
    if (!visitor || !room) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      room.sockets.add(ws);
      ws.on('close', () => room.sockets.delete(ws));
      ws.send(JSON.stringify({ type: 'welcome', conversationId: id, role: 'visitor', lastSeq: room.messages.length }));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as RoomClientFrame;
        fake.received.push(frame);
        const send = (f: RoomServerFrame) => ws.send(JSON.stringify(f));
        if (frame.type === 'resume') {
          for (const message of room.messages.filter((m) => m.seq > frame.lastSeq)) send({ type: 'message', message });
          send({ type: 'resumed', lastSeq: room.messages.length });
          send({ type: 'presence', agents: fake.agents });
        } else if (frame.type === 'send') {
          const failure = fake.failNextSends.shift();
          if (failure) {
            send({ type: 'error', code: failure as 'internal', message: 'fake failure', clientId: frame.clientId });
            return;
          }
          const existing = room.messages.find((m) => m.clientId === frame.clientId);
          const message =
            existing ??
            commit(
              room,
              { kind: 'visitor', id: visitor.id, name: visitor.name ?? undefined },
              frame.body,
              frame.clientId,
            );
          if (!fake.holdAcks) {
            send({
              type: 'ack',
              clientId: frame.clientId,
              seq: message.seq,
              messageId: message.id,
              createdAt: message.createdAt,
            });
          }
          if (!existing) fake.broadcast(id, { type: 'message', message });
        } else if (frame.type === 'ping') send({ type: 'pong' });
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  fake.close = async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    await new Promise((resolve) => server.close(resolve));
  };
  return fake;
}
