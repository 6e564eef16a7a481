// Test helpers: drive the real Worker through its default export, sign users up, read the dev mail
// sink, and query Postgres directly to check what was stored.
import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { readConfig } from '../../core/platform/config.ts';
import { connectDb } from '../../core/platform/db.ts';

export const BASE = 'http://parley.test';

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Raw body, sent as is (for malformed-JSON tests). */
  raw?: string;
  headers?: Record<string, string>;
  cookie?: string;
  ip?: string;
}

/** A random client IP, so rate limits of one test never touch another's. */
export const randomIp = () => `10.${rnd(255)}.${rnd(255)}.${rnd(255)}`;
const rnd = (n: number) => Math.floor(Math.random() * n);

export async function call(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'cf-connecting-ip': opts.ip ?? randomIp(), ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  return exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body, redirect: 'manual' }));
}

export async function callJson<T = Record<string, unknown>>(
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<{ status: number; body: T; res: Response }> {
  const res = await call(method, path, opts);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, res };
}

export async function expectError(res: Response | Promise<Response>, status: number, code?: string) {
  const r = await res;
  const body = await r.json<{ error?: { code: string; message: string } }>();
  expect({ status: r.status, body }).toMatchObject({ status, body: { error: code ? { code } : {} } });
  return body;
}

/** `name=value` of the refresh cookie a response set ('' when it was cleared). */
export function refreshCookieOf(res: Response): string | null {
  for (const line of res.headers.getSetCookie()) {
    const m = line.match(/^parley_refresh=([^;]*)/);
    if (m) return `parley_refresh=${m[1]}`;
  }
  return null;
}

export const uniqueEmail = (tag = 'user') => `${tag}-${crypto.randomUUID().slice(0, 12)}@example.test`;

export interface TestUser {
  email: string;
  password: string;
  userId: string;
  projectId: string;
  accessToken: string;
  sessionId: string;
  cookie: string;
  ip: string;
}

export async function signUp(
  opts: { email?: string; password?: string; projectName?: string } = {},
): Promise<TestUser> {
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? `pw-${crypto.randomUUID()}`;
  const ip = randomIp();
  const res = await call('POST', '/api/auth/signup', {
    ip,
    body: { email, password, name: 'Test User', projectName: opts.projectName ?? 'Test project' },
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  const body = JSON.parse(text) as {
    accessToken: string;
    sessionId: string;
    user: { id: string };
    project: { id: string };
  };
  const cookie = refreshCookieOf(res);
  if (!cookie) throw new Error('sign-up set no refresh cookie');
  return {
    email,
    password,
    userId: body.user.id,
    projectId: body.project.id,
    accessToken: body.accessToken,
    sessionId: body.sessionId,
    cookie,
    ip,
  };
}

export async function login(email: string, password: string, ip = randomIp()) {
  return callJson<{ status: string; accessToken: string; sessionId: string; challengeToken: string }>(
    'POST',
    '/api/auth/login',
    {
      ip,
      body: { email, password },
    },
  );
}

/** Waits for a mail to `to` whose text matches, and returns the token in its link. */
export async function mailToken(to: string, subject: RegExp): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const { body } = await callJson<{ mails: { subject: string; text: string }[] }>(
      'GET',
      `/dev/mail?to=${encodeURIComponent(to)}`,
    );
    const mail = body.mails.find((m) => subject.test(m.subject));
    const token = mail?.text.match(/#token=([\w-]+)/)?.[1];
    if (token) return token;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail "${subject}" to ${to}`);
}

/** A direct query on the test database (to check what was stored). */
export async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const conn = await connectDb(readConfig(env));
  try {
    const result = await conn.client.query(text, params);
    return result.rows as T[];
  } finally {
    await conn.close();
  }
}

/** A second member of `owner`'s project with the given role, signed in. */
export async function addMember(owner: TestUser, role: 'manager' | 'agent'): Promise<TestUser> {
  const member = await signUp();
  await sql(`insert into memberships (project_id, user_id, role) values ($1, $2, $3)`, [
    owner.projectId,
    member.userId,
    role,
  ]);
  return { ...member, projectId: owner.projectId };
}
