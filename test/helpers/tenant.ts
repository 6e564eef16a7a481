// Test fixtures made directly in Postgres: a project of its own per test, members with live
// sessions and signed access tokens. Every test gets fresh tenants, so files never collide.
import { env, exports } from 'cloudflare:workers';
import { readConfig } from '../../core/platform/config.ts';
import { connectDb, type Db } from '../../core/platform/db.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';
import { memberships, projects, users } from '../../drizzle/schema/tenancy.ts';
import { signAccessToken } from '../../worker/auth/access-token.ts';

export const config = () => readConfig(env);

export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const conn = await connectDb(config());
  try {
    return await fn(conn.db);
  } finally {
    await conn.close();
  }
}

export interface TestMember {
  userId: string;
  sessionId: string;
  token: string;
  role: 'manager' | 'agent';
}

export async function createProject(name = 'Test project'): Promise<{ projectId: string }> {
  return withDb(async (db) => {
    const [row] = await db
      .insert(projects)
      .values({ name, widgetKey: `pk_test_${crypto.randomUUID().replaceAll('-', '')}` })
      .returning({ id: projects.id });
    if (!row) throw new Error('project insert failed');
    return { projectId: row.id };
  });
}

export async function addMember(projectId: string, role: 'manager' | 'agent'): Promise<TestMember> {
  return withDb(async (db) => {
    const [user] = await db
      .insert(users)
      .values({ email: `${crypto.randomUUID()}@test.parley.local`, name: `Test ${role}`, emailVerified: true })
      .returning({ id: users.id });
    if (!user) throw new Error('user insert failed');
    await db.insert(memberships).values({ projectId, userId: user.id, role });
    const [session] = await db
      .insert(sessions)
      .values({ userId: user.id, refreshTokenHash: crypto.randomUUID(), expiresAt: new Date(Date.now() + 86_400_000) })
      .returning({ id: sessions.id });
    if (!session) throw new Error('session insert failed');
    const token = await signAccessToken(config().AUTH_JWT_KEYS, { userId: user.id, sessionId: session.id });
    return { userId: user.id, sessionId: session.id, token, role };
  });
}

/** A request to the Worker through its default export, as a browser or API client would send it. */
export function api(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(`http://parley.test${path}`, { ...init, headers, body });
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
