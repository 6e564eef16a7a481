// Test fixtures: projects, agents with live sessions and access tokens, visitor sessions and
// WebSocket clients — each test makes its own tenant with random ids, never assuming empty tables.
import { env, exports } from 'cloudflare:workers';
import { readConfig } from '../../core/platform/config.ts';
import { connectDb, type DbConnection } from '../../core/platform/db.ts';
import { encryptSecret } from '../../core/platform/secrets.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';
import { memberships, projects, users } from '../../drizzle/schema/tenancy.ts';
import { signAccessToken } from '../../worker/auth/access-token.ts';

export const BASE = 'http://parley.test';
export const config = () => readConfig(env);

/** Runs `fn` with a fresh connection (tests run outside any request, so each opens its own). */
export async function withDb<T>(fn: (conn: DbConnection) => Promise<T>): Promise<T> {
  const conn = await connectDb(config());
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}

export const rand = () => crypto.randomUUID().slice(0, 8);

export interface ProjectOptions {
  allowedDomains?: string[];
  identitySecret?: string;
  requireVerifiedIdentity?: boolean;
}

export async function createProject(options: ProjectOptions = {}) {
  const widgetKey = `pk_test_${rand()}${rand()}`;
  return withDb(async ({ db }) => {
    const [project] = await db
      .insert(projects)
      .values({
        name: `Project ${rand()}`,
        widgetKey,
        allowedDomains: options.allowedDomains ?? [],
        requireVerifiedIdentity: options.requireVerifiedIdentity ?? false,
      })
      .returning();
    if (!project) throw new Error('no project');
    if (options.identitySecret) {
      const stored = await encryptSecret(
        config().ENCRYPTION_KEYS,
        options.identitySecret,
        `projects.identity_secret:${project.id}`,
      );
      const { eq } = await import('drizzle-orm');
      await db.update(projects).set({ identitySecret: stored }).where(eq(projects.id, project.id));
    }
    return { id: project.id, widgetKey };
  });
}

export interface Agent {
  userId: string;
  name: string;
  token: string;
}

export async function createAgent(projectId: string | null, role: 'manager' | 'agent' = 'agent'): Promise<Agent> {
  const name = `Agent ${rand()}`;
  return withDb(async ({ db }) => {
    const [user] = await db
      .insert(users)
      .values({ email: `${rand()}${rand()}@agents.test`, name })
      .returning({ id: users.id });
    if (!user) throw new Error('no user');
    if (projectId) await db.insert(memberships).values({ projectId, userId: user.id, role });
    const [session] = await db
      .insert(sessions)
      .values({ userId: user.id, refreshTokenHash: rand(), expiresAt: new Date(Date.now() + 3600_000) })
      .returning({ id: sessions.id });
    if (!session) throw new Error('no session');
    const token = await signAccessToken(config().AUTH_JWT_KEYS, { userId: user.id, sessionId: session.id });
    return { userId: user.id, name, token };
  });
}

export async function api(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(`${BASE}${path}`, { ...init, headers, body });
}

export interface VisitorSession {
  token: string;
  visitor: { id: string; name: string | null; email: string | null; verified: boolean };
  conversations: { id: string }[];
}

export async function visitorSession(widgetKey: string, extra: Record<string, unknown> = {}, origin?: string) {
  const res = await api('/api/widget/session', {
    method: 'POST',
    json: { widgetKey, ...extra },
    headers: origin ? { origin } : {},
  });
  if (res.status !== 200) throw new Error(`session ${res.status}: ${await res.text()}`);
  return res.json<VisitorSession>();
}

export async function openConversation(visitorToken: string, body = 'Hello') {
  const res = await api('/api/widget/conversations', {
    method: 'POST',
    token: visitorToken,
    json: { clientId: `open-${rand()}`, body },
  });
  if (res.status !== 201) throw new Error(`open ${res.status}: ${await res.text()}`);
  return res.json<{ conversation: { id: string; projectId: string }; message: { seq: number } | null }>();
}

/** A project with one agent, one visitor and one open conversation (seq 1 = the visitor's hello). */
export async function scenario(options: ProjectOptions = {}) {
  const project = await createProject(options);
  const agent = await createAgent(project.id);
  const session = await visitorSession(project.widgetKey);
  const { conversation } = await openConversation(session.token);
  return { project, agent, visitor: session, conversationId: conversation.id };
}
