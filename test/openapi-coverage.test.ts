// Every /api route (and WebSocket upgrade route under /ws) Hono serves is an operation of the
// OpenAPI document, every operation is a route Hono serves, and every operation carries what
// client generators need: a unique lowerCamelCase operationId and its security (`[]` if public).
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../worker/app.ts';
import { httpJson } from './helpers/http.ts';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

/** The routes Hono serves under /api and /ws, as `METHOD /path` with `{param}`s. */
function servedRoutes(): Set<string> {
  const served = new Set<string>();
  for (const route of createApp().routes) {
    // `.use()` middleware registers as method ALL (and often a `/*` path): not an operation.
    if (route.method === 'ALL' || route.path.endsWith('*')) continue;
    if (!route.path.startsWith('/api/') && !route.path.startsWith('/ws/')) continue;
    // `:name` or `:name{regex}` → `{name}`.
    const path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
    served.add(`${route.method} ${path}`);
  }
  return served;
}

let doc: OpenApiDocument;
let documented: Map<string, Operation>;

beforeAll(async () => {
  const res = await httpJson<OpenApiDocument>('GET', '/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
  documented = new Map(
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
    ),
  );
});

describe('the OpenAPI document covers the routes', () => {
  it('documents every /api and /ws route Hono serves', () => {
    const missing = [...servedRoutes()].filter((key) => !documented.has(key));
    expect(missing, 'routes missing from /api/openapi.json').toEqual([]);
  });

  it('describes no route Hono does not serve', () => {
    const served = servedRoutes();
    const phantom = [...documented.keys()].filter((key) => !served.has(key));
    expect(phantom, 'operations with no route').toEqual([]);
  });
});

describe('every operation', () => {
  it('has a unique lowerCamelCase operationId', () => {
    const bad: string[] = [];
    const seen = new Map<string, string>();
    for (const [key, op] of documented) {
      const id = op.operationId;
      if (!id || !/^[a-z][a-zA-Z0-9]*$/.test(id)) bad.push(`${key}: operationId ${String(id)}`);
      else if (seen.has(id)) bad.push(`${key}: operationId ${id} also used by ${seen.get(id)}`);
      else seen.set(id, key);
    }
    expect(bad).toEqual([]);
  });

  it('declares its security, [] when public, with known schemes only', () => {
    const schemes = Object.keys(doc.components.securitySchemes);
    const bad: string[] = [];
    for (const [key, op] of documented) {
      if (!Array.isArray(op.security)) bad.push(`${key}: no security`);
      for (const requirement of op.security ?? []) {
        for (const name of Object.keys(requirement)) {
          if (!schemes.includes(name)) bad.push(`${key}: unknown scheme ${name}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
