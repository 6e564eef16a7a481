// Users made through the real auth flow: sign-up over HTTP (a project they manage, a session, a
// refresh cookie), sign-in, the dev mail sink. For tests of accounts, sessions and 2FA; each user
// costs a scrypt hash (~300 ms), so tests that only need members use tenant.ts instead.
import { expect } from 'vitest';
import type { Role } from '../../contract/enums.ts';
import { sql } from './db.ts';
import { eventually } from './eventually.ts';
import { http, httpJson, randomIp, refreshCookieOf } from './http.ts';

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

/** A new user, signed up: the Manager of a first project, signed in with a refresh cookie. */
export async function signUp(
  opts: { email?: string; password?: string; projectName?: string } = {},
): Promise<TestUser> {
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? `pw-${crypto.randomUUID()}`;
  const ip = randomIp();
  const res = await http('POST', '/api/auth/signup', {
    ip,
    json: { email, password, name: 'Test User', projectName: opts.projectName ?? 'Test project' },
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

/** Another signed-up user, also a member of `owner`'s project with `role`. */
export async function signUpMember(owner: TestUser, role: Role): Promise<TestUser> {
  const member = await signUp();
  await sql('insert into memberships (project_id, user_id, role) values ($1, $2, $3)', [
    owner.projectId,
    member.userId,
    role,
  ]);
  return { ...member, projectId: owner.projectId };
}

export function login(email: string, password: string, ip = randomIp()) {
  return httpJson<{ status: string; accessToken: string; sessionId: string; challengeToken: string }>(
    'POST',
    '/api/auth/login',
    { ip, json: { email, password } },
  );
}

/** Waits for a mail to `to` whose subject matches, and returns the token in its link. */
export async function mailToken(to: string, subject: RegExp): Promise<string> {
  const found = () =>
    eventually(
      async () => {
        const { body } = await httpJson<{ mails: { subject: string; text: string }[] }>(
          'GET',
          `/dev/mail?to=${encodeURIComponent(to)}`,
        );
        const mail = body.mails.find((m) => subject.test(m.subject));
        return mail?.text.match(/#token=([\w-]+)/)?.[1];
      },
      5_000,
      50,
    );
  return found().catch(() => {
    throw new Error(`no mail "${subject}" to ${to}`);
  });
}
