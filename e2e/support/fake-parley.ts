// A small stand-in for Parley's widget-facing surface (visitor session, opening a conversation,
// the ConversationRoom socket protocol, the widget assets and the demo page), driven by the UI
// tests to produce states the real backend only shows rarely: a failed send, a slow ack, an agent
// typing, agents away. The real backend's behaviour is tested by widget.e2e.ts against wrangler.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Message, RoomClientFrame, RoomServerFrame } from '../../contract/frames.ts';
import type { WidgetSettings } from '../../contract/widget-settings.ts';
import { demoPage } from '../../worker/routes/dev-demo-page.ts';

export type FakeSettings = WidgetSettings;

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
  /** The next this many session requests fail with a 503 (a backend hiccup). */
  failSessions: number;
  /** Hold sends as if their commit were slow (nothing acked or broadcast) until releaseHeld(). */
  holdAcks: boolean;
  releaseHeld(): void;
  agents: { id: string; name: string; avatarUrl?: string }[];
  agentSay(roomId: string, body: string, author?: { id: string; name: string; avatarUrl?: string }): Message;
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
  const held: (() => void)[] = [];
  const visitors = new Map<string, { id: string; name: string | null; email: string | null }>();
  const fake = {
    url: `http://127.0.0.1:${port}`,
    settings: {} as FakeSettings,
    rooms,
    received: [] as RoomClientFrame[],
    failNextSends: [] as string[],
    holdAcks: false,
    failSessions: 0,
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
  // As the real inbox says it: away while no agent is online (hours and force away are not faked).
  const availabilityOf = () =>
    fake.agents.length > 0
      ? { state: 'available' as const, reason: null, nextOpenAt: null }
      : { state: 'away' as const, reason: 'no_agents' as const, nextOpenAt: null };

  fake.releaseHeld = () => {
    for (const run of held.splice(0)) run();
  };
  fake.broadcast = (roomId, frame) => {
    for (const socket of rooms.get(roomId)?.sockets ?? []) socket.send(JSON.stringify(frame));
  };
  fake.agentSay = (roomId, body, author = { id: 'a0000000-0000-4000-8000-0000000000aa', name: 'Ada Agent' }) => {
    const room = rooms.get(roomId);
    if (!room) throw new Error(`no room ${roomId}`);
    const message = commit(room, { kind: 'agent', ...author }, body, null);
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
        if (fake.failSessions > 0) {
          fake.failSessions -= 1;
          return json(res, 503, { error: { code: 'unavailable', message: 'try again' } });
        }
        if (body.widgetKey !== 'pk_fake') {
          return json(res, 404, { error: { code: 'unknown_widget_key', message: 'No project has this widget key' } });
        }
        const token = typeof body.visitorToken === 'string' ? body.visitorToken : undefined;
        const visitor = (token && visitors.get(token)) || { id: randomUUID(), name: null, email: null };
        const identity = body.identity as { name?: string; email?: string } | undefined;
        if (identity?.name) visitor.name = identity.name;
        if (identity?.email) visitor.email = identity.email;
        const newToken = token && visitors.has(token) ? token : `vt_${visitor.id}`;
        visitors.set(newToken, visitor);
        const mine = [...rooms.values()].filter((r) => r.id.startsWith(visitor.id));
        json(res, 200, {
          token: newToken,
          visitor,
          project: { widgetSettings: fake.settings, availability: availabilityOf(), expectedReply: { kind: 'none' } },
          conversations: mine.map((r) => summary(r, visitor.id)),
        });
      } else if (url.pathname === '/api/widget/conversations' && req.method === 'POST') {
        const visitor = visitors.get(req.headers.authorization?.replace('Bearer ', '') ?? '');
        if (!visitor) return json(res, 401, { error: { code: 'unauthorized', message: 'no' } });
        const body = await readBody(req);
        const id = `${visitor.id}-c`;
        const room = rooms.get(id) ?? { id, messages: [], sockets: new Set<WebSocket>() };
        rooms.set(id, room);
        const clientId = String(body.clientId);
        const existing = room.messages.find((m) => m.clientId === clientId);
        const message =
          existing ??
          commit(
            room,
            { kind: 'visitor', id: visitor.id, name: visitor.name ?? undefined },
            String(body.body),
            clientId,
          );
        if (!existing) fake.broadcast(id, { type: 'message', message });
        json(res, 201, {
          conversation: summary(room, visitor.id),
          message: {
            seq: message.seq,
            messageId: message.id,
            createdAt: message.createdAt,
            duplicate: Boolean(existing),
          },
        });
      } else if (url.pathname === '/api/widget/visitor' && req.method === 'POST') {
        const visitor = visitors.get(req.headers.authorization?.replace('Bearer ', '') ?? '');
        if (!visitor) return json(res, 401, { error: { code: 'unauthorized', message: 'no' } });
        const body = await readBody(req);
        if (typeof body.name === 'string') visitor.name = body.name;
        if (typeof body.email === 'string') visitor.email = body.email;
        json(res, 200, { visitor });
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
      const send = (f: RoomServerFrame) => ws.send(JSON.stringify(f));
      send({ type: 'welcome', conversationId: id, role: 'visitor', lastSeq: room.messages.length });
      const handleSend = (frame: Extract<RoomClientFrame, { type: 'send' }>) => {
        const failure = fake.failNextSends.shift();
        if (failure) {
          send({ type: 'error', code: failure as 'internal', message: 'fake failure', clientId: frame.clientId });
          return;
        }
        const existing = room.messages.find((m) => m.clientId === frame.clientId);
        const author = { kind: 'visitor' as const, id: visitor.id, name: visitor.name ?? undefined };
        const message = existing ?? commit(room, author, frame.body, frame.clientId);
        send({
          type: 'ack',
          clientId: frame.clientId,
          seq: message.seq,
          messageId: message.id,
          createdAt: message.createdAt,
        });
        if (!existing) fake.broadcast(id, { type: 'message', message });
      };
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as RoomClientFrame;
        fake.received.push(frame);
        if (frame.type === 'resume') {
          for (const message of room.messages.filter((m) => m.seq > frame.lastSeq)) send({ type: 'message', message });
          send({ type: 'resumed', lastSeq: room.messages.length });
          send({ type: 'presence', agents: fake.agents });
          send({ type: 'availability', availability: availabilityOf() });
        } else if (frame.type === 'send') {
          if (fake.holdAcks) held.push(() => handleSend(frame));
          else handleSend(frame);
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
