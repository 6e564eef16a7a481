// Walks every route in the OpenAPI document (so a new route is covered the day it is added):
// no credentials → 401; another tenant's project → 404; an Agent on a Manager route → 403;
// malformed bodies, params and queries → 400 {error:{code}}. Also checks the document itself.
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp, signUpMember, type TestUser } from './helpers/accounts.ts';
import { type HttpOptions, http, httpJson } from './helpers/http.ts';
import { visitorOf } from './helpers/tenant.ts';

interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
  parameters?: { name: string; in: string; required?: boolean; schema?: { type?: string } }[];
  responses: Record<string, unknown>;
}

interface Route {
  method: string;
  path: string;
  op: Operation;
}

let routes: Route[] = [];
let owner: TestUser;
let agent: TestUser;
let stranger: TestUser;
let visitorToken: string;

/** Fills path parameters with values of the right shape (a real project of `who`). */
function fill(path: string, projectId: string, userId: string): string {
  return path
    .replace('{projectId}', projectId)
    .replace('{userId}', userId)
    .replace('{provider}', 'github')
    .replace(/\{\w+Id\}/g, crypto.randomUUID());
}

const isBearer = (r: Route) => r.op.security?.some((s) => 'bearer' in s) ?? false;
const isCookie = (r: Route) => r.op.security?.some((s) => 'refreshCookie' in s) ?? false;
const isVisitor = (r: Route) => r.op.security?.some((s) => 'visitorBearer' in s) ?? false;
const isProjectRoute = (r: Route) => r.path.includes('{projectId}');
const isManagerRoute = (r: Route) => /\(Managers\)/.test(r.op.summary ?? '');
const hasBody = (r: Route) => r.op.requestBody !== undefined;
const hasJsonBody = (r: Route) => r.op.requestBody?.content['application/json'] !== undefined;
const asJson = { 'content-type': 'application/json' };
/** The widget API has always read its body as JSON whatever the Content-Type: 400, not 415, there. */
const takesAnyContentType = (r: Route) => r.path.startsWith('/api/widget/');

beforeAll(async () => {
  const doc = await httpJson<{ paths: Record<string, Record<string, Operation>> }>('GET', '/api/openapi.json');
  expect(doc.status).toBe(200);
  // The /ws upgrades answer 426 to plain HTTP; room-protocol and project-inbox tests cover them.
  routes = Object.entries(doc.body.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
  owner = await signUp();
  agent = await signUpMember(owner, 'agent');
  stranger = await signUp();
  const mine = await httpJson<{ projects: { id: string; widgetKey: string }[] }>('GET', '/api/projects', {
    token: owner.accessToken,
  });
  const widgetKey = mine.body.projects.find((p) => p.id === owner.projectId)?.widgetKey ?? '';
  visitorToken = (await visitorOf({ widgetKey })).token;
});

describe('the OpenAPI document', () => {
  it('describes the auth and project routes, with security schemes and request schemas', async () => {
    const doc = await httpJson<{
      openapi: string;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    }>('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.0.3');
    expect(Object.keys(doc.body.components.securitySchemes).sort()).toEqual([
      'bearer',
      'refreshCookie',
      'visitorBearer',
    ]);
    expect(doc.body.components.schemas).toHaveProperty('SignUp');
    expect(doc.body.components.schemas).toHaveProperty('Error');
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      'POST /api/auth/signup',
      'POST /api/auth/login',
      'POST /api/auth/refresh',
      'POST /api/auth/logout',
      'POST /api/auth/logout-everywhere',
      'POST /api/auth/password',
      'POST /api/auth/password-reset/request',
      'POST /api/auth/password-reset/confirm',
      'POST /api/auth/2fa/enrol',
      'POST /api/auth/2fa/confirm',
      'POST /api/auth/2fa/disable',
      'POST /api/auth/2fa/challenge',
      'POST /api/auth/2fa/recovery-codes',
      'GET /api/auth/oauth/{provider}/start',
      'GET /api/auth/oauth/{provider}/callback',
      'GET /api/me',
      'GET /api/me/sessions',
      'DELETE /api/me/sessions/{sessionId}',
      'POST /api/projects',
      'GET /api/projects',
      'GET /api/projects/{projectId}/members',
      'PATCH /api/projects/{projectId}/members/{userId}',
      'DELETE /api/projects/{projectId}/members/{userId}',
      'POST /api/projects/{projectId}/invitations',
      'PATCH /api/projects/{projectId}/settings',
      'POST /api/projects/{projectId}/identity-secret',
      'POST /api/projects/{projectId}/tokens',
      'GET /api/projects/{projectId}/audit',
    ]) {
      expect(keys).toContain(expected);
    }
    expect(routes.length).toBeGreaterThanOrEqual(40);
  });

  it('describes the widget API and the WebSocket upgrades (101, or an error before any socket)', async () => {
    const doc = await httpJson<{ paths: Record<string, Record<string, Operation & { operationId?: string }>> }>(
      'GET',
      '/api/openapi.json',
    );
    const operations = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.operationId]),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        ['POST /api/widget/session', 'createWidgetSession'],
        ['GET /api/widget/conversations', 'listWidgetConversations'],
        ['POST /api/widget/conversations', 'openWidgetConversation'],
        ['GET /api/widget/conversations/{conversationId}', 'getWidgetConversation'],
        ['GET /api/widget/conversations/{conversationId}/messages', 'listWidgetMessages'],
        ['POST /api/widget/conversations/{conversationId}/messages', 'sendWidgetMessage'],
        ['POST /api/widget/conversations/{conversationId}/read', 'markWidgetConversationRead'],
        ['POST /api/widget/conversations/{conversationId}/attachments', 'uploadWidgetAttachment'],
        ['POST /api/widget/visitor', 'updateWidgetVisitor'],
        ['GET /ws/conversations/{conversationId}', 'openConversationSocket'],
        ['GET /ws/projects/{projectId}/inbox', 'openInboxSocket'],
      ]),
    );
    for (const path of ['/ws/conversations/{conversationId}', '/ws/projects/{projectId}/inbox']) {
      const socket = doc.body.paths[path]?.get;
      expect(Object.keys(socket?.responses ?? {}).sort()).toEqual(['101', '401', '403', '404', '426', '503']);
      expect(socket?.parameters?.map((p) => `${p.in} ${p.name}`)).toContain('query token');
    }
  });
});

describe('every route', () => {
  it('answers 401 without credentials where credentials are required', async () => {
    const protectedRoutes = routes.filter((r) => isBearer(r) || isCookie(r) || isVisitor(r));
    expect(protectedRoutes.length).toBeGreaterThan(25);
    const failures: string[] = [];
    for (const r of protectedRoutes) {
      // Cookie routes: with the CSRF header (without it they answer 403 first), but no cookie.
      const res = await http(r.method, fill(r.path, owner.projectId, agent.userId), {
        headers: isCookie(r) ? { 'x-parley-csrf': '1' } : {},
        ...(hasBody(r) ? { json: {} } : {}),
      });
      const body = await res.json<{ error?: { code?: string } }>();
      if (res.status !== 401 || !body.error?.code)
        failures.push(`${r.method} ${r.path} → ${res.status} ${JSON.stringify(body)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 to a forged or garbage Bearer token', async () => {
    const failures: string[] = [];
    for (const r of routes.filter(isBearer)) {
      for (const token of ['garbage', 'eyJhbGciOiJIUzI1NiJ9.e30.x', 'plt_notatoken']) {
        const res = await http(r.method, fill(r.path, owner.projectId, agent.userId), { token });
        if (res.status !== 401) failures.push(`${r.method} ${r.path} with ${token} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers 404 for another tenant's project", async () => {
    const projectRoutes = routes.filter(isProjectRoute);
    expect(projectRoutes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const r of projectRoutes) {
      const res = await http(r.method, fill(r.path, owner.projectId, agent.userId), {
        token: stranger.accessToken,
        ...(hasBody(r) ? { json: {} } : {}),
      });
      const body = await res.json<{ error?: { code?: string } }>();
      if (res.status !== 404 || body.error?.code !== 'not_found')
        failures.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 manager_only to an Agent on every Manager route, and lets Agents through the others', async () => {
    const managerRoutes = routes.filter((r) => isProjectRoute(r) && isManagerRoute(r));
    expect(managerRoutes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const r of routes.filter(isProjectRoute)) {
      const res = await http(r.method, fill(r.path, owner.projectId, agent.userId), { token: agent.accessToken });
      const body = await res.json<{ error?: { code?: string } }>();
      const forbidden = res.status === 403 && body.error?.code === 'manager_only';
      if (isManagerRoute(r) !== forbidden)
        failures.push(`${r.method} ${r.path} → ${res.status} ${body.error?.code ?? ''}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 400 with a code to malformed JSON and wrongly shaped bodies, 415 to another content type', async () => {
    const withBody = routes.filter(hasJsonBody);
    expect(withBody.length).toBeGreaterThan(15);
    const failures: string[] = [];
    for (const r of withBody) {
      const path = fill(r.path, owner.projectId, agent.userId);
      const token = isBearer(r) ? owner.accessToken : isVisitor(r) ? visitorToken : undefined;
      const attempts: [string, HttpOptions, number][] = [
        ['malformed JSON', { token, body: '{"email": ', headers: asJson }, 400],
        ['no body', { token, body: '', headers: asJson }, 400],
        ['an array', { token, body: '[]', headers: asJson }, 400],
        [
          'wrong types',
          { token, json: { email: 5, password: 5, name: 5, role: 5, code: 5, token: 5, newPassword: 5 } },
          400,
        ],
        [
          'text/plain',
          // A body no route accepts: where the type is not refused (415), the shape is (400).
          { token, body: '[]', headers: { 'content-type': 'text/plain' } },
          takesAnyContentType(r) ? 400 : 415,
        ],
      ];
      for (const [what, opts, status] of attempts) {
        const res = await http(r.method, path, opts);
        const body = await res.json<{ error?: { code?: string; message?: string } }>();
        if (
          res.status !== status ||
          typeof body.error?.code !== 'string' ||
          body.error.code === 'http_error' ||
          !body.error.message
        ) {
          failures.push(`${r.method} ${r.path} with ${what} → ${res.status} ${JSON.stringify(body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 400 to malformed path ids and query parameters', async () => {
    const failures: string[] = [];
    const idRoutes = routes.filter((r) => /\{(userId|sessionId|tokenId|invitationId)\}/.test(r.path));
    expect(idRoutes.length).toBeGreaterThanOrEqual(5);
    for (const r of idRoutes) {
      const path = r.path.replace('{projectId}', owner.projectId).replace(/\{\w+Id\}/g, 'not-a-uuid');
      const res = await http(r.method, path, {
        token: owner.accessToken,
        ...(hasBody(r) ? { json: { role: 'agent' } } : {}),
      });
      if (res.status !== 400) failures.push(`${r.method} ${r.path} → ${res.status}`);
    }
    for (const query of ['limit=abc', 'limit=100000', 'cursor=x']) {
      const res = await http('GET', `/api/projects/${owner.projectId}/audit?${query}`, { token: owner.accessToken });
      if (res.status !== 400) failures.push(`audit?${query} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
