// /ws: the WebSocket upgrades — /ws/conversations/:conversationId (a visitor or an agent into a
// ConversationRoom) and /ws/projects/:projectId/inbox (a dashboard into its ProjectInbox). The
// Worker authenticates and authorises here, then hands the DO only what it verified (an agent's
// session too, so their sockets close when it ends). Browsers cannot set headers on a WebSocket,
// so the token travels in `?token=`; an Authorization header works too, for servers, and wins
// when both are sent. Frames: contract/frames.ts and docs/PROTOCOL.md.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, gt, inArray } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { INBOX_AGENT_HEADER } from '../../core/conversations/inbox-api.ts';
import { CONVERSATION_HEADER, IDENTITY_HEADER, type Participant } from '../../core/conversations/room-api.ts';
import { conversations } from '../../drizzle/schema/conversations.ts';
import type { AppEnv } from '../app-env.ts';
import { agentName } from '../conversations/agents.ts';
import { inboxFor, roomFor } from '../conversations/rooms.ts';
import { ApiError, notFound } from '../errors.ts';
import {
  bearerSecurity,
  createRouter,
  ErrorSchema,
  errors,
  json,
  ProjectParams,
  Uuid,
  uuidParam,
  visitorSecurity,
} from '../lib/openapi.ts';
import { authenticateAgent, bearerToken, memberRole, requireMember } from '../middleware/auth.ts';
import { requestContext } from '../middleware/context.ts';
import { verifyVisitorToken } from '../visitors/token.ts';

export const realtime = createRouter();
const tags = ['realtime'];

const requireUpgrade = (header: string | undefined) => {
  if (header?.toLowerCase() !== 'websocket')
    throw new ApiError(426, 'upgrade_required', 'Expected a WebSocket upgrade');
};

/** The upgrade's token: the Authorization header when it has a Bearer token, else `?token=`. */
const upgradeToken = (c: {
  req: { header(name: string): string | undefined; query(name: string): string | undefined };
}) => bearerToken(c.req.header('authorization')) ?? c.req.query('token') ?? null;

/** An agent's access token from `?token=` (browsers) or the Authorization header; upgrades only. */
const agentFromQuery = () =>
  createMiddleware<AppEnv>(async function agentFromQuery(c, next) {
    requireUpgrade(c.req.header('upgrade'));
    c.set('agent', await authenticateAgent(c, upgradeToken(c)));
    await next();
  });

const TokenQuery = z.object({
  token: z.string().optional().openapi({
    description:
      'The access token (browsers cannot set headers on a WebSocket); or send `Authorization: Bearer`, which wins when both are sent.',
  }),
});

/** The answers of an upgrade: 101 and a socket, or a plain HTTP error before any socket exists. */
const upgradeResponses = {
  101: { description: 'Switching Protocols: the socket is open (frames: docs/PROTOCOL.md)' },
  ...errors(401, 403, 404),
  426: json(ErrorSchema, 'Not a WebSocket upgrade (`upgrade_required`)'),
  503: json(ErrorSchema, 'Not configured (`misconfigured`), or Postgres unreachable (`unavailable`)'),
};

// The upgrades are described here and registered as plain routes below: the OpenAPI validators
// would answer a malformed id or a repeated `token` with 400 before the 426 and 404 they have
// always given, so the handlers check their input as before.
const openConversationSocket = createRoute({
  method: 'get',
  path: '/conversations/{conversationId}',
  operationId: 'openConversationSocket',
  tags,
  summary: 'Open a conversation socket (WebSocket upgrade): the visitor, or an agent of its project',
  description:
    'A visitor token reaches only its own conversations; an agent token any conversation of a project the agent is a member of. ' +
    'Another visitor’s or project’s conversation answers 404, like a missing one. `?lastSeq=n` replays what followed seq n.',
  security: [...visitorSecurity, ...bearerSecurity],
  request: {
    params: z.object({ conversationId: uuidParam('conversationId') }),
    query: TokenQuery.extend({
      lastSeq: z.number().int().nonnegative().optional().openapi({
        description:
          'Replay what followed this seq; a malformed value is answered on the socket with a `bad_frame` error',
      }),
    }),
  },
  responses: upgradeResponses,
});

const openInboxSocket = createRoute({
  method: 'get',
  path: '/projects/{projectId}/inbox',
  operationId: 'openInboxSocket',
  tags,
  summary: "Open the project's inbox socket (WebSocket upgrade), for its members",
  description: 'Pushes new and changed conversations, unread counts and agent presence to a dashboard.',
  security: bearerSecurity,
  request: { params: ProjectParams, query: TokenQuery },
  responses: upgradeResponses,
});

realtime.openAPIRegistry.registerPath(openConversationSocket);
realtime.openAPIRegistry.registerPath(openInboxSocket);

realtime.use('*', requestContext());

realtime.get(openConversationSocket.getRoutingPath(), async (c) => {
  requireUpgrade(c.req.header('upgrade'));
  const id = c.req.param('conversationId');
  if (!Uuid.safeParse(id).success) throw notFound('Conversation');
  const token = upgradeToken(c);
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
    const name = await agentName(db, agent.userId);
    participant = { kind: 'agent', id: agent.userId, name, sessionId: agent.sessionId };
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
});

// Membership through the same middleware as the project REST routes, so both apply one policy.
realtime.get(openInboxSocket.getRoutingPath(), agentFromQuery(), requireMember(), async (c) => {
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
        [INBOX_AGENT_HEADER]: JSON.stringify({
          userId: agent.userId,
          name: await agentName(db, agent.userId),
          sessionId: agent.sessionId,
        }),
      },
    }),
  );
});
