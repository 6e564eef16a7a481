// Tenants made directly in Postgres, fast (no password hashing): a project of its own per test,
// its members with live sessions and signed access tokens, its widget's visitors and their
// conversations. Every test makes fresh ones with random ids, never assuming empty tables.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Role } from '../../contract/enums.ts';
import { encryptSecret } from '../../core/platform/secrets.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';
import { memberships, projects, users } from '../../drizzle/schema/tenancy.ts';
import { signAccessToken } from '../../worker/auth/access-token.ts';
import { config, withDb } from './db.ts';
import { http } from './http.ts';

export const rand = () => crypto.randomUUID().slice(0, 8);

export interface ProjectOptions {
  allowedDomains?: string[];
  identitySecret?: string;
  requireVerifiedIdentity?: boolean;
}

/** A project, as far as tests need it: its id and its widget's public key. */
export interface Tenant {
  projectId: string;
  widgetKey: string;
}

/** A project of its own, with no members yet. */
export async function tenant(options: ProjectOptions = {}): Promise<Tenant> {
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
      .returning({ id: projects.id });
    if (!project) throw new Error('project insert failed');
    if (options.identitySecret) {
      const context = `projects.identity_secret:${project.id}`;
      const stored = await encryptSecret(config().ENCRYPTION_KEYS, options.identitySecret, context);
      await db.update(projects).set({ identitySecret: stored }).where(eq(projects.id, project.id));
    }
    return { projectId: project.id, widgetKey };
  });
}

/** A user with a live session and an access token, as signing in would leave them. */
export interface SignedInUser {
  userId: string;
  name: string;
  sessionId: string;
  token: string;
}

export interface Member extends SignedInUser {
  role: Role;
}

async function signedInUser(role: Role, projectId: string | null): Promise<SignedInUser> {
  const name = `${role === 'manager' ? 'Manager' : 'Agent'} ${rand()}`;
  return withDb(async ({ db }) => {
    const [user] = await db
      .insert(users)
      .values({ email: `${crypto.randomUUID()}@agents.test`, name, emailVerified: true })
      .returning({ id: users.id });
    if (!user) throw new Error('user insert failed');
    if (projectId) await db.insert(memberships).values({ projectId, userId: user.id, role });
    const [session] = await db
      .insert(sessions)
      .values({ userId: user.id, refreshTokenHash: crypto.randomUUID(), expiresAt: new Date(Date.now() + 86_400_000) })
      .returning({ id: sessions.id });
    if (!session) throw new Error('session insert failed');
    const token = await signAccessToken(config().AUTH_JWT_KEYS, { userId: user.id, sessionId: session.id });
    return { userId: user.id, name, sessionId: session.id, token };
  });
}

/** A signed-in member of `project` with `role`. */
export async function memberOf(project: { projectId: string }, role: Role = 'agent'): Promise<Member> {
  return { ...(await signedInUser(role, project.projectId)), role };
}

/** A signed-in user who belongs to no project: the outsider of authorisation tests. */
export const nonMember = (): Promise<SignedInUser> => signedInUser('agent', null);

export interface VisitorSession {
  token: string;
  visitor: { id: string; name: string | null; email: string | null; verified: boolean };
  conversations: { id: string }[];
}

/**
 * A widget session on `project`'s site: a visitor token. `extra` carries an identity or an earlier
 * visitor token; `headers` what the browser sends (origin, referer, user agent).
 */
export async function visitorOf(
  project: { widgetKey: string },
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<VisitorSession> {
  const res = await http('POST', '/api/widget/session', { json: { widgetKey: project.widgetKey, ...extra }, headers });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text) as VisitorSession;
}

/** The visitor opens a conversation with a first message `body`. */
export async function openConversation(visitorToken: string, body = 'Hello') {
  const res = await http('POST', '/api/widget/conversations', {
    token: visitorToken,
    json: { clientId: `open-${rand()}`, body },
  });
  if (res.status !== 201) throw new Error(`open ${res.status}: ${await res.text()}`);
  return res.json<{ conversation: { id: string; projectId: string }; message: { seq: number } | null }>();
}

/** A project with one agent, one visitor and one open conversation (seq 1 = the visitor's hello). */
export async function scenario(options: ProjectOptions = {}) {
  const project = await tenant(options);
  const agent = await memberOf(project);
  const visitor = await visitorOf(project);
  const { conversation } = await openConversation(visitor.token);
  return { project, agent, visitor, conversationId: conversation.id };
}
