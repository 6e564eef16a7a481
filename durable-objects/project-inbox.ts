// ProjectInbox: one Durable Object per project — the dashboards' live socket. It pushes
// conversation created / updated / assigned events and unread counts, tracks agents' presence
// (online / away, kept in socket attachments so hibernation loses nothing) and picks the next
// agent for round-robin assignment. The Worker authenticates every dashboard before it gets here;
// when an agent's authority ends the inbox closes their sockets, and their rooms' (inbox/authority.ts).
// It also keeps the project's availability (business hours × agents online × force away) and tells
// the rooms with visitor sockets when it changes (inbox/availability.ts).
import { DurableObject } from 'cloudflare:workers';
import { z } from 'zod';
import type { Availability, BusinessHours } from '../contract/availability.ts';
import { type ErrorCode, type InboxServerFrame, inboxClientFrame } from '../contract/frames.ts';
import { INBOX_AGENT_HEADER, type InboxChange, type MentionPush } from '../core/conversations/inbox-api.ts';
import type { AgentSocketsTarget } from '../core/conversations/room-api.ts';
import {
  currentTrace,
  errorFields,
  log,
  newRequestId,
  type Trace,
  traceFrom,
  withLogContext,
} from '../core/platform/log.ts';
import { AgentRooms } from './inbox/agent-rooms.ts';
import { InboxAuthority } from './inbox/authority.ts';
import { InboxAvailability } from './inbox/availability.ts';
import { type InboxConnection, nextAssignee, presenceOf } from './inbox/presence.ts';
import { Revisions } from './inbox/revisions.ts';
import { type UnreadCounts, type UnreadEntry, UnreadSet } from './inbox/unread.ts';
import { socketAttachment } from './shared/attachment.ts';
import { AUTHORITY_CHECK_MS, ERASED, endSocket, hasEnded } from './shared/authority.ts';
import { parseFrame } from './shared/frames.ts';
import { httpError, jsonHeader, reciprocateClose, safeSend } from './shared/transport.ts';

const agentSchema = z.object({ userId: z.string().uuid(), name: z.string(), sessionId: z.string().uuid().optional() });
const ROUND_ROBIN_KEY = 'round-robin:last';
const PROJECT_KEY = 'project';

/** Per dashboard socket, surviving hibernation: who it is (and their session), their presence, the counts last sent. */
const connections = socketAttachment<InboxConnection & { counts?: UnreadCounts; sessionId?: string }>('parley');

export class ProjectInbox extends DurableObject<Env> {
  private readonly unread: UnreadSet;
  private readonly revisions: Revisions;
  private readonly authority: InboxAuthority;
  private readonly availability: InboxAvailability;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.unread = new UnreadSet(ctx.storage.sql);
    this.revisions = new Revisions(ctx.storage.sql);
    this.availability = new InboxAvailability(ctx, env);
    this.authority = new InboxAuthority(
      ctx,
      env,
      (ws) => {
        const c = connections.read(ws);
        return c ? { kind: 'agent', id: c.userId, sessionId: c.sessionId } : null;
      },
      AUTHORITY_CHECK_MS,
    );
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
    const { userId, name, sessionId } = agent.data;
    connections.write(server, { userId, name, status: 'online', counts, ...(sessionId ? { sessionId } : {}) });
    // The alarm's re-check needs to know which project this is.
    this.ctx.storage.kv.put(PROJECT_KEY, projectId);
    await this.authority.accepted();
    this.sendFrame(server, { type: 'welcome', projectId });
    this.sendFrame(server, { type: 'unread', counts });
    await this.presenceChanged();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    try {
      const connection = connections.read(ws);
      if (!connection) return reciprocateClose(ws, 1011, 'unknown socket');
      if (hasEnded(ws)) return;
      const parsed = parseFrame(raw, inboxClientFrame);
      if (!parsed.ok) return this.sendError(ws, parsed.code, parsed.message);
      const { frame } = parsed;
      if (frame.type === 'ping') return this.sendFrame(ws, { type: 'pong' });
      if (connection.status !== frame.status) {
        connections.write(ws, { ...connection, status: frame.status });
        await this.presenceChanged();
      }
    } catch (err) {
      log.error('inbox frame failed', errorFields(err));
      this.sendError(ws, 'internal', 'Frame could not be handled');
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    reciprocateClose(ws, code, reason);
    await this.presenceChanged(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    reciprocateClose(ws, 1011, 'socket error');
    await this.presenceChanged(ws);
  }

  // ---- Revocation -------------------------------------------------------------------------

  /** A room accepted a socket of this agent (the registry revocations follow to the rooms). */
  async agentSocketOpened(userId: string, conversationId: string): Promise<void> {
    this.authority.rooms.opened(userId, conversationId);
  }

  /** A room closed this agent's last socket there. */
  async agentSocketsClosed(userId: string, conversationId: string): Promise<void> {
    this.authority.rooms.closed(userId, conversationId);
  }

  /** The Worker ended an agent's sessions or membership: their sockets here and in the project's rooms close. */
  async closeAgentSockets(target: AgentSocketsTarget, trace?: Trace): Promise<void> {
    // The caller's request id goes on to the rooms, so one id ties the revocation's lines together.
    const projectId = this.ctx.storage.kv.get<string>(PROJECT_KEY);
    await withLogContext({ ...traceFrom(trace), ...(projectId ? { projectId } : {}) }, async () => {
      if (await this.authority.close(target, currentTrace())) await this.presenceChanged();
    });
  }

  /** Tests shorten the interval of the authority re-check. */
  tune(limits: { authorityCheckMs: number }): void {
    this.authority.interval = limits.authorityCheckMs;
  }

  /** The backstop (every open socket re-checked against Postgres), and the hours' boundaries. */
  override async alarm(): Promise<void> {
    const projectId = this.ctx.storage.kv.get<string>(PROJECT_KEY);
    await withLogContext({ requestId: newRequestId(), ...(projectId ? { projectId } : {}) }, async () => {
      try {
        if (projectId && (await this.authority.check(projectId))) this.broadcastPresence();
      } catch (err) {
        log.error('inbox alarm failed', errorFields(err));
      }
      try {
        // An opening or closing time passed (or the presence changed above): rooms hear of it now.
        await this.availability.refresh(this.onlineCount());
      } catch (err) {
        log.error('availability alarm failed', errorFields(err));
      }
    });
  }

  // ---- Availability (inbox/availability.ts) ------------------------------------------------

  /**
   * A widget session is starting: the Worker hands over the project's hours as Postgres has them
   * (so the inbox never serves hours older than the last session) and gets the state to paint.
   */
  async availabilityFor(hours: BusinessHours | null): Promise<Availability> {
    this.availability.configure(hours);
    return this.availability.refresh(this.onlineCount());
  }

  /** A Manager saved the hours (or forced away): rooms with visitors hear at once if that changes anything. */
  async configureAvailability(hours: BusinessHours | null): Promise<Availability> {
    this.availability.configure(hours);
    return this.availability.refresh(this.onlineCount());
  }

  /** A room accepted a visitor socket: it is told of changes from now on, and gets the state now. */
  async visitorRoomOpened(conversationId: string): Promise<Availability> {
    // Rooms already registered hear of any change first; this one is handed the state directly.
    const current = await this.availability.refresh(this.onlineCount());
    this.availability.roomOpened(conversationId, current);
    return current;
  }

  /** A room's last visitor socket closed. */
  async visitorRoomClosed(conversationId: string): Promise<void> {
    this.availability.roomClosed(conversationId);
  }

  // ---- RPC ---------------------------------------------------------------------------------

  /**
   * Conversations changed (after commit): push each, and unread counts where they moved. Pushes
   * come from the events consumer and the rooms in no guaranteed order; `revision` (the row's,
   * bumped by every UPDATE) drops one older than a push already made.
   */
  async conversationsChanged(changes: readonly InboxChange[], mentions: readonly MentionPush[] = []): Promise<void> {
    let countsMoved = false;
    const sockets = this.ctx.getWebSockets();
    this.tellMentioned(sockets, mentions);
    for (const { change, conversation, revision } of changes) {
      if (!this.revisions.advance(conversation.id, revision)) continue;
      const frame = JSON.stringify({ type: `conversation.${change}`, conversation });
      for (const ws of sockets) safeSend(ws, frame);
      if (this.unread.apply(conversation)) countsMoved = true;
    }
    if (countsMoved) this.pushCounts();
  }

  /** Each mention frame goes to the mentioned agents' own sockets, and to nobody else. */
  private tellMentioned(sockets: readonly WebSocket[], mentions: readonly MentionPush[]): void {
    for (const { userIds, frame } of mentions) {
      const to = new Set(userIds);
      const json = JSON.stringify(frame);
      for (const ws of sockets) {
        const c = connections.read(ws);
        if (c && to.has(c.userId)) safeSend(ws, json);
      }
    }
  }

  /** The Worker's snapshot from Postgres when a dashboard connects: heals any missed event. */
  async syncUnread(entries: UnreadEntry[]): Promise<void> {
    this.unread.replace(entries);
    this.revisions.prune();
    this.pushCounts();
  }

  /** Conversations were erased: the inbox forgets them (unread set, revisions, agents' rooms). */
  async conversationsErased(conversationIds: string[]): Promise<void> {
    this.revisions.forget(conversationIds);
    this.authority.rooms.forgetConversations(conversationIds);
    this.availability.forget(conversationIds);
    if (this.unread.forget(conversationIds)) this.pushCounts();
  }

  /** The project was erased: every dashboard socket closes (4403) and the inbox keeps nothing. */
  async erase(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) endSocket(ws, ERASED);
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    // Its tables come back empty, for whatever still reaches this object (a late push).
    new UnreadSet(this.ctx.storage.sql);
    new Revisions(this.ctx.storage.sql);
    new AgentRooms(this.ctx.storage.sql);
    new InboxAvailability(this.ctx, this.env);
  }

  /** Round robin among online agents who are still members; advances the pointer. */
  async pickAssignee(memberIds: string[]): Promise<string | null> {
    const last = this.ctx.storage.kv.get<string>(ROUND_ROBIN_KEY) ?? null;
    const picked = nextAssignee(this.presence(), new Set(memberIds), last);
    if (picked) this.ctx.storage.kv.put(ROUND_ROBIN_KEY, picked);
    return picked;
  }

  /** Agents with any dashboard socket open (online or away): who would see a change live. */
  async connectedAgents(): Promise<string[]> {
    return this.presence().map((a) => a.id);
  }

  async onlineAgents(): Promise<string[]> {
    return this.presence()
      .filter((a) => a.status === 'online')
      .map((a) => a.id);
  }

  // ---- Plumbing ---------------------------------------------------------------------------

  private onlineCount(except?: WebSocket): number {
    return this.presence(except).filter((a) => a.status === 'online').length;
  }

  /** Dashboards hear the new presence; rooms with visitors hear if the availability moved. */
  private async presenceChanged(except?: WebSocket): Promise<void> {
    this.broadcastPresence(except);
    try {
      await this.availability.refresh(this.onlineCount(except));
    } catch (err) {
      log.error('availability refresh failed', errorFields(err));
    }
  }

  private presence(except?: WebSocket) {
    const dashboards: InboxConnection[] = [];
    for (const ws of this.ctx.getWebSockets()) {
      const c = ws === except || hasEnded(ws) ? null : connections.read(ws);
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
