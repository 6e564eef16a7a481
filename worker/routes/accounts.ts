// Everything issue 3 serves, in one sub-app: auth, 2FA, OAuth, me, projects, members,
// invitations, settings, API tokens, the audit log, the dev mail sink and the OpenAPI security schemes.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { createRouter } from '../lib/openapi.ts';
import { tokenRoutes } from './api-tokens.ts';
import { auditRoutes } from './audit.ts';
import { auth } from './auth.ts';
import { devMail } from './dev-mail.ts';
import { me } from './me.ts';
import { members } from './members.ts';
import { mfa } from './mfa.ts';
import { oauth } from './oauth.ts';
import { projectRoutes } from './projects.ts';
import { settings } from './settings.ts';

export function accountRoutes(): OpenAPIHono<AppEnv> {
  const app = createRouter();
  app.route('/', devMail);
  app.route('/', auth);
  app.route('/', mfa);
  app.route('/', oauth);
  app.route('/', me);
  app.route('/', projectRoutes);
  app.route('/', members);
  app.route('/', settings);
  app.route('/', tokenRoutes);
  app.route('/', auditRoutes);
  return app;
}

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
  app.doc('/api/openapi.json', {
    openapi: '3.0.3',
    info: { title: 'Parley API', version: '0.1.0', description: 'See docs/API.md and docs/AUTHENTICATION.md.' },
  });
}
