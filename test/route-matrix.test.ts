// Walks every route in the OpenAPI document (so a new route is covered the day it is added):
// no credentials → 401; another tenant's project → 404; an Agent on a Manager route → 403;
// malformed bodies, params and queries → 400 {error:{code}}; every text field with NUL, a lone
// surrogate or oversized text → 4xx, never 5xx. Also checks the document itself.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { signUp, signUpMember, type TestUser } from './helpers/accounts.ts';
import { type HttpOptions, http, httpJson } from './helpers/http.ts';
import { visitorOf } from './helpers/tenant.ts';

interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  responses: Record<string, unknown>;
}

/** The parts of a JSON Schema (OpenAPI 3.0) the text-field walk reads. */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  example?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

interface Route {
  method: string;
  path: string;
  op: Operation;
}

let routes: Route[] = [];
let schemas: Record<string, Schema> = {};
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
  const doc = await httpJson<{
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  }>('GET', '/api/openapi.json');
  expect(doc.status).toBe(200);
  schemas = doc.body.components.schemas;
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
      'GET /api/projects/{projectId}/team',
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

// ---- Text Postgres cannot store: every text field of every JSON body, and every text query parameter

const resolve = (s: Schema | undefined): Schema | undefined =>
  s?.$ref ? resolve(schemas[s.$ref.split('/').pop() ?? '']) : s;

/** Where a text value sits in a body: a path of property names and array indexes. */
type FieldPath = (string | number)[];

const PATTERN_CANDIDATES = ['#336699', 'en', '123456', 'abcde-fghij', '/', 'matrix'];

/** A value of the right shape for `schema` (the request as a client would send it, every field present). */
function sample(schema: Schema | undefined, name: string): unknown {
  const s = resolve(schema);
  if (!s) return 'matrix';
  const variant = s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0];
  if (variant && !s.type) return sample(variant, name);
  if (s.example !== undefined) return s.example;
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, k)]));
    case 'array':
      return [sample(s.items, name)];
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
  }
  if (s.format === 'email') return `matrix-${crypto.randomUUID().slice(0, 8)}@example.com`;
  if (s.format === 'uuid') return crypto.randomUUID();
  if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
  if (/url|referrer|domains/i.test(name)) return `${inject('webhookReceiverUrl')}/hooks/matrix`;
  if (s.pattern) {
    const pattern = new RegExp(s.pattern);
    return PATTERN_CANDIDATES.find((c) => pattern.test(c)) ?? 'matrix';
  }
  return 'matrix-text'.padEnd(s.minLength ?? 0, 'x');
}

/** Every text field of `schema`: its path in `sample(schema)` and its longest allowed length. */
function textFields(schema: Schema | undefined, at: FieldPath = []): { path: FieldPath; max?: number }[] {
  const s = resolve(schema);
  if (!s) return [];
  const variant = s.anyOf ?? s.oneOf ?? s.allOf;
  if (variant && !s.type) {
    const first = resolve(variant[0]);
    return first?.type === 'string' ? [{ path: at, max: first.maxLength }] : textFields(first, at);
  }
  if (s.type === 'string') return [{ path: at, max: s.maxLength }];
  if (s.type === 'array') return textFields(s.items, [...at, 0]);
  return Object.entries(s.properties ?? {}).flatMap(([k, v]) => textFields(v, [...at, k]));
}

function withValue(body: unknown, path: FieldPath, value: string): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
  return last === undefined ? value : copy;
}

const poisons = (base: unknown, max: number | undefined): [string, string][] => [
  ['NUL', `${String(base)}\u0000`],
  ['a lone surrogate', `${String(base)}\ud800`],
  ['oversized text', 'x'.repeat((max ?? 100_000) + 1)],
];

describe('text fields', () => {
  it('answers 4xx, never 5xx, to NUL, a lone surrogate or oversized text in any field of any JSON body', async () => {
    const withBody = routes.filter(hasJsonBody);
    const failures: string[] = [];
    let cases = 0;
    for (const r of withBody) {
      const path = fill(r.path, owner.projectId, agent.userId);
      const token = isBearer(r) ? owner.accessToken : isVisitor(r) ? visitorToken : undefined;
      const schema = r.op.requestBody?.content['application/json'] as { schema?: Schema } | undefined;
      const base = sample(schema?.schema, '');
      // Where the well-formed body gets past validation, a poisoned one must be stopped by it (400).
      const baseStatus = (await http(r.method, path, { token, json: base })).status;
      for (const field of textFields(schema?.schema)) {
        const original = field.path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], base);
        for (const [what, value] of poisons(original, field.max)) {
          cases++;
          const res = await http(r.method, path, { token, json: withValue(base, field.path, value) });
          const body = await res.text();
          // A 429 says nothing about the text (a limiter may run before validation): it passes too.
          const clientError = res.status >= 400 && res.status < 500;
          const expected = baseStatus === 400 || res.status === 429 ? clientError : res.status === 400;
          if (!expected) {
            failures.push(
              `${r.method} ${r.path} ${field.path.join('.')} with ${what} → ${res.status} ${body.slice(0, 200)}`,
            );
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  });

  it('answers text query parameters with NUL or oversized text without a 5xx', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.method === 'GET')) {
      const textParams = (r.op.parameters ?? []).filter(
        (p) => p.in === 'query' && resolve(p.schema)?.type === 'string',
      );
      for (const param of textParams) {
        const max = resolve(param.schema)?.maxLength;
        for (const [what, value] of [
          ['NUL', 'a\u0000b'],
          ['oversized text', 'x'.repeat((max ?? 10_000) + 1)],
        ]) {
          const token = isBearer(r) ? owner.accessToken : isVisitor(r) ? visitorToken : undefined;
          const query = `${param.name}=${encodeURIComponent(value ?? '')}`;
          const res = await http('GET', `${fill(r.path, owner.projectId, agent.userId)}?${query}`, { token });
          if (res.status >= 500) failures.push(`GET ${r.path}?${param.name} with ${what} → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
