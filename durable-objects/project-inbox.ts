// ProjectInbox: one Durable Object per project — the dashboards' live socket. It pushes
// conversation created / updated / assigned events and unread counts, tracks agents' presence
// (online / away, kept in socket attachments so hibernation loses nothing) and picks the next
// agent for round-robin assignment. The Worker authenticates every dashboard before it gets here.
import { DurableObject } from 'cloudflare:workers';
import { z } from 'zod';
import { type ErrorCode, type InboxServerFrame, inboxClientFrame } from '../contract/frames.ts';
import { INBOX_AGENT_HEADER, type InboxChange } from '../core/conversations/inbox-api.ts';
import { errorFields, log } from '../core/platform/log.ts';
import { type InboxConnection, nextAssignee, presenceOf } from './inbox/presence.ts';
import { Revisions } from './inbox/revisions.ts';
import { type UnreadCounts, type UnreadEntry, UnreadSet } from './inbox/unread.ts';
import { socketAttachment } from './shared/attachment.ts';
import { parseFrame } from './shared/frames.ts';
import { httpError, jsonHeader, reciprocateClose, safeSend } from './shared/transport.ts';

const agentSchema = z.object({ userId: z.string().uuid(), name: z.string() });
const ROUND_ROBIN_KEY = 'round-robin:last';

/** Per dashboard socket, surviving hibernation: who it is, their presence, the counts last sent. */
const connections = socketAttachment<InboxConnection & { counts?: UnreadCounts }>('parley');

export class ProjectInbox extends DurableObject<Env> {
  private readonly unread: UnreadSet;
  private readonly revisions: Revisions;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.unread = new UnreadSet(ctx.storage.sql);
    this.revisions = new Revisions(ctx.storage.sql);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return httpError(426, 'upgrade_required', 'Expected a WebSocket upgrade');
    }
    const agent = agentSchema.safeParse(jsonHeader(request, INBOX_AGENT_HEADER));
    const projectId = new URL(request.url).searchParams.get('projectId') ?? '';
    if (!agent.success) return httpError(400, 'invalid_request', 'Missing identity');
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [agent.data.userId]);
    const counts = this.unread.counts(agent.data.userId);
    connections.write(server, { userId: agent.data.userId, name: agent.data.name, status: 'online', counts });
    this.sendFrame(server, { type: 'welcome', projectId });
    this.sendFrame(server, { type: 'unread', counts });
    this.broadcastPresence();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    try {
      const connection = connections.read(ws);
      if (!connection) return reciprocateClose(ws, 1011, 'unknown socket');
      const parsed = parseFrame(raw, inboxClientFrame);
      if (!parsed.ok) return this.sendError(ws, parsed.code, parsed.message);
      const { frame } = parsed;
      if (frame.type === 'ping') return this.sendFrame(ws, { type: 'pong' });
      if (connection.status !== frame.status) {
        connections.write(ws, { ...connection, status: frame.status });
        this.broadcastPresence();
      }
    } catch (err) {
      log.error('inbox frame failed', errorFields(err));
      this.sendError(ws, 'internal', 'Frame could not be handled');
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    reciprocateClose(ws, code, reason);
    this.broadcastPresence(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    reciprocateClose(ws, 1011, 'socket error');
    this.broadcastPresence(ws);
  }

  // ---- RPC ---------------------------------------------------------------------------------

  /**
   * Conversations changed (after commit): push each, and unread counts where they moved. Pushes
   * come from the events consumer and the rooms in no guaranteed order; `revision` (the row's,
   * bumped by every UPDATE) drops one older than a push already made.
   */
  async conversationsChanged(changes: readonly InboxChange[]): Promise<void> {
    let countsMoved = false;
    const sockets = this.ctx.getWebSockets();
    for (const { change, conversation, revision } of changes) {
      if (!this.revisions.advance(conversation.id, revision)) continue;
      const frame = JSON.stringify({ type: `conversation.${change}`, conversation });
      for (const ws of sockets) safeSend(ws, frame);
      if (this.unread.apply(conversation)) countsMoved = true;
    }
    if (countsMoved) this.pushCounts();
  }

  /** The Worker's snapshot from Postgres when a dashboard connects: heals any missed event. */
  async syncUnread(entries: UnreadEntry[]): Promise<void> {
    this.unread.replace(entries);
    this.revisions.prune();
    this.pushCounts();
  }

  /** Round robin among online agents who are still members; advances the pointer. */
  async pickAssignee(memberIds: string[]): Promise<string | null> {
    const last = this.ctx.storage.kv.get<string>(ROUND_ROBIN_KEY) ?? null;
    const picked = nextAssignee(this.presence(), new Set(memberIds), last);
    if (picked) this.ctx.storage.kv.put(ROUND_ROBIN_KEY, picked);
    return picked;
  }

  async onlineAgents(): Promise<string[]> {
    return this.presence()
      .filter((a) => a.status === 'online')
      .map((a) => a.id);
  }

  // ---- Plumbing ---------------------------------------------------------------------------

  private presence(except?: WebSocket) {
    const dashboards: InboxConnection[] = [];
    for (const ws of this.ctx.getWebSockets()) {
      const c = ws === except ? null : connections.read(ws);
      if (c) dashboards.push(c);
    }
    return presenceOf(dashboards);
  }

  private broadcastPresence(except?: WebSocket): void {
    const frame = JSON.stringify({ type: 'presence', agents: this.presence(except) });
    for (const ws of this.ctx.getWebSockets()) if (ws !== except) safeSend(ws, frame);
  }

  /** Sends each dashboard its counts when they differ from what it was last sent. */
  private pushCounts(): void {
    for (const ws of this.ctx.getWebSockets()) {
      const c = connections.read(ws);
      if (!c) continue;
      const counts = this.unread.counts(c.userId);
      const last = c.counts;
      if (last && last.mine === counts.mine && last.unassigned === counts.unassigned && last.all === counts.all)
        continue;
      connections.write(ws, { ...c, counts });
      this.sendFrame(ws, { type: 'unread', counts });
    }
  }

  private sendFrame(ws: WebSocket, frame: InboxServerFrame): void {
    safeSend(ws, JSON.stringify(frame));
  }

  private sendError(ws: WebSocket, code: ErrorCode, message: string): void {
    this.sendFrame(ws, { type: 'error', code, message });
  }
}
