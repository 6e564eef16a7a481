// GET /api/openapi.json: the OpenAPI 3 document of every /api route, generated from the route
// definitions, with the security schemes they refer to. `local/lint-openapi.ts` builds the same
// document without a server for `npm run check` to lint.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { json } from '../lib/openapi.ts';
import { apiUrl } from '../lib/origins.ts';

const info = {
  title: 'Parley API',
  version: '0.1.0',
  description:
    'The REST API of Parley, a customer-support live chat: agents (the dashboard, or personal API tokens) and visitors (the widget). See docs/API.md and docs/AUTHENTICATION.md.',
};

/** The document, its server being the deployment's public URL (`PUBLIC_URL`, else the request's origin). */
export function openApiDocument(app: OpenAPIHono<AppEnv>, serverUrl: string) {
  return app.getOpenAPIDocument({
    openapi: '3.0.3',
    info,
    servers: [{ url: serverUrl, description: 'This deployment' }],
  });
}

// Only a few top-level fields: the rest is this very document.
const DocumentSchema = z
  .object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }), paths: z.object({}) })
  .openapi('OpenApiDocument');

/** Registers the security schemes the routes refer to and serves the document. */
export function serveOpenApi(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An access JWT from sign-in/refresh, or (project routes only) a personal API token `plt_…`.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'refreshCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'parley_refresh',
    description: 'HttpOnly refresh cookie (path /api/auth); routes using it also need the `x-parley-csrf: 1` header.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'visitorBearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A visitor token from the widget session (`POST /api/widget/session`).',
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/openapi.json',
      operationId: 'getOpenApiDocument',
      tags: ['openapi'],
      summary: 'This OpenAPI 3 document',
      security: [],
      responses: { 200: json(DocumentSchema, 'The document') },
    }),
    (c) => c.json(openApiDocument(app, apiUrl(c)), 200),
  );
}
