// WebSocket upgrades: /ws/conversations/:id (a visitor or an agent into a ConversationRoom) and
// /ws/projects/:projectId/inbox (a dashboard into its ProjectInbox). The Worker authenticates and
// authorises here, then hands the DO only what it verified. Browsers cannot set headers on a
// WebSocket, so the token travels in `?token=` (an Authorization header works too, for servers).
import { and, eq, gt, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { INBOX_AGENT_HEADER } from '../../core/conversations/inbox-api.ts';
import { CONVERSATION_HEADER, IDENTITY_HEADER, type Participant } from '../../core/conversations/room-api.ts';
import { conversations } from '../../drizzle/schema/conversations.ts';
import type { AppEnv } from '../app-env.ts';
import { agentName } from '../conversations/agents.ts';
import { inboxFor, roomFor } from '../conversations/rooms.ts';
import { ApiError, notFound } from '../errors.ts';
import { authenticateAgent, bearerToken, memberRole, requireMember } from '../middleware/auth.ts';
import { requestContext } from '../middleware/context.ts';
import { verifyVisitorToken } from '../visitors/token.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const requireUpgrade = (header: string | undefined) => {
  if (header?.toLowerCase() !== 'websocket')
    throw new ApiError(426, 'upgrade_required', 'Expected a WebSocket upgrade');
};

/** An agent's access token from `?token=` (browsers) or the Authorization header; upgrades only. */
const agentFromQuery = () =>
  createMiddleware<AppEnv>(async function agentFromQuery(c, next) {
    requireUpgrade(c.req.header('upgrade'));
    c.set('agent', await authenticateAgent(c, c.req.query('token') ?? bearerToken(c.req.header('authorization'))));
    await next();
  });

export const realtime = new Hono<AppEnv>()
  .use('/ws/*', requestContext())
  .get('/ws/conversations/:id', async (c) => {
    requireUpgrade(c.req.header('upgrade'));
    const id = c.req.param('id');
    if (!UUID.test(id)) throw notFound('Conversation');
    const token = c.req.query('token') ?? bearerToken(c.req.header('authorization'));
    const visitorClaims = token ? await verifyVisitorToken(c.get('config').AUTH_JWT_KEYS, token) : null;
    let participant: Participant;
    let projectId: string;
    if (visitorClaims) {
      // A visitor reaches only their own conversations, in the project their token names. The
      // room checks that against the conversation it loads anyway (a 404 otherwise), so a
      // visitor's connect costs one Postgres read, not two (docs/BENCHMARKS.md, S3).
      participant = { kind: 'visitor', id: visitorClaims.visitorId, name: null };
      projectId = visitorClaims.projectId;
    } else {
      const db = await c.get('db')();
      const agent = await authenticateAgent(c, token);
      const rows = await db
        .select({ projectId: conversations.projectId })
        .from(conversations)
        .where(eq(conversations.id, id))
        .limit(1);
      const row = rows[0];
      // Another tenant's conversation looks exactly like a missing one.
      if (!row || !(await memberRole(db, row.projectId, agent))) throw notFound('Conversation');
      participant = { kind: 'agent', id: agent.userId, name: await agentName(db, agent.userId) };
      projectId = row.projectId;
    }
    const url = new URL(c.req.url);
    url.searchParams.delete('token');
    return roomFor(c.env, id).fetch(
      new Request(url, {
        headers: {
          upgrade: 'websocket',
          [IDENTITY_HEADER]: JSON.stringify(participant),
          [CONVERSATION_HEADER]: JSON.stringify({ id, projectId }),
        },
      }),
    );
  })
  // Membership through the same middleware as the project REST routes, so both apply one policy.
  .get('/ws/projects/:projectId/inbox', agentFromQuery(), requireMember(), async (c) => {
    const { projectId } = c.get('membership');
    const agent = c.get('agent');
    const db = await c.get('db')();
    // The inbox's unread set is resynced from Postgres on every connect, healing any missed event.
    const unread = await db
      .select({ conversationId: conversations.id, assigneeId: conversations.assigneeId })
      .from(conversations)
      .where(
        and(
          eq(conversations.projectId, projectId),
          gt(conversations.unreadByAgent, 0),
          inArray(conversations.status, ['open', 'pending']),
        ),
      );
    const inbox = inboxFor(c.env, projectId);
    await inbox.syncUnread(unread);
    const url = new URL(c.req.url);
    url.search = `?projectId=${projectId}`;
    return inbox.fetch(
      new Request(url, {
        headers: {
          upgrade: 'websocket',
          [INBOX_AGENT_HEADER]: JSON.stringify({ userId: agent.userId, name: await agentName(db, agent.userId) }),
        },
      }),
    );
  });
