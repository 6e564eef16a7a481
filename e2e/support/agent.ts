// The agent side of the end-to-end tests, without the dashboard: an agent made directly in Postgres
// (user, membership, live session) with a real access token, and a plain WebSocket client speaking
// the room protocol on /ws/conversations/:id.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { RoomClientFrame, RoomServerFrame } from '../../contract/frames.ts';
import { adminQuery } from '../../local/admin-query.ts';
import { parseKeyring } from '../../local/keys.ts';
import { signAccessToken } from '../../worker/auth/access-token.ts';

const require = createRequire(import.meta.url);
const { WebSocket } = require('ws') as typeof import('ws');

/** One statement on a short-lived connection, returning its rows. */
export const sql = adminQuery;

export interface Agent {
  userId: string;
  name: string;
  token: string;
}

/** A member of the project with a live session, as signing in would leave it. */
export async function createAgent(databaseUrl: string, keys: string, projectId: string, name: string): Promise<Agent> {
  const email = `agent-${randomUUID()}@e2e.parley.local`;
  const [user] = await sql<{ id: string }>(
    databaseUrl,
    'insert into users (email, name, email_verified) values ($1, $2, true) returning id',
    [email, name],
  );
  if (!user) throw new Error('no user');
  await sql(databaseUrl, `insert into memberships (project_id, user_id, role) values ($1, $2, 'agent')`, [
    projectId,
    user.id,
  ]);
  const refreshHash = createHash('sha256').update(randomBytes(32)).digest('hex');
  const [session] = await sql<{ id: string }>(
    databaseUrl,
    `insert into sessions (user_id, refresh_token_hash, expires_at) values ($1, $2, now() + interval '1 day') returning id`,
    [user.id, refreshHash],
  );
  if (!session) throw new Error('no session');
  const token = await signAccessToken(parseKeyring(keys), { userId: user.id, sessionId: session.id }, 3600);
  return { userId: user.id, name, token };
}

export interface AgentSocket {
  frames: RoomServerFrame[];
  send(frame: RoomClientFrame): void;
  /** Resolves with the first frame (already received or coming) that matches. */
  waitFor<T extends RoomServerFrame>(match: (f: RoomServerFrame) => f is T, what: string, ms?: number): Promise<T>;
  waitFor(match: (f: RoomServerFrame) => boolean, what: string, ms?: number): Promise<RoomServerFrame>;
  close(): void;
}

export async function connectAgent(baseUrl: string, agent: Agent, conversationId: string): Promise<AgentSocket> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/ws/conversations/${conversationId}?token=${agent.token}`;
  const ws = new WebSocket(url);
  const frames: RoomServerFrame[] = [];
  const waiters: { match: (f: RoomServerFrame) => boolean; resolve: (f: RoomServerFrame) => void }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as RoomServerFrame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`agent socket refused: ${res.statusCode}`)));
  });
  const socket: AgentSocket = {
    frames,
    send: (frame) => ws.send(JSON.stringify(frame)),
    waitFor: (match: (f: RoomServerFrame) => boolean, what: string, ms = 15_000) => {
      const seen = frames.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise<RoomServerFrame>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`agent: timed out waiting for ${what}`)), ms);
        waiters.push({
          match,
          resolve: (f) => {
            clearTimeout(timer);
            resolve(f);
          },
        });
      });
    },
    close: () => ws.close(),
  } as AgentSocket;
  socket.send({ type: 'resume', lastSeq: 0 });
  return socket;
}

/** The widget key of a project (e.g. one a test signed up for itself). */
export async function widgetKeyOf(databaseUrl: string, projectId: string): Promise<string> {
  const [project] = await sql<{ widget_key: string }>(databaseUrl, 'select widget_key from projects where id = $1', [
    projectId,
  ]);
  if (!project) throw new Error(`no project ${projectId}`);
  return project.widget_key;
}
