// /api/widget: the widget's REST API, called cross-origin from customers' sites — so CORS is open
// (here, for every /api/widget/* route) and the visitor token, not a cookie, is the credential.
// This file: CORS and the one public route, POST /session (the session is made in
// worker/visitors/session.ts). The visitor's conversations: widget-conversations.ts; their name
// and email: widget-visitor.ts. Shapes: contract/rest/widget.ts.
import { createRoute } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import {
  hostedSessionRequest,
  hostedSessionResponse,
  widgetSessionRequest,
  widgetSessionResponse,
} from '../../contract/rest/widget.ts';
import { createRouter, ErrorSchema, errors, json, jsonBody } from '../lib/openapi.ts';
import { apiUrl } from '../lib/origins.ts';
import { exchangeHostedLink } from '../notifications/hosted.ts';
import { anyTypeAsJson } from '../visitors/middleware.ts';
import { limitWidgetSession } from '../visitors/rate-limit.ts';
import { startVisitorSession } from '../visitors/session.ts';

export const widget = createRouter();
const tags = ['widget'];

// Named for the document with zod's .meta (contract schemas may predate .openapi()).
const WidgetSessionRequest = widgetSessionRequest.meta({ id: 'WidgetSessionRequest' });
const WidgetSession = widgetSessionResponse.meta({ id: 'WidgetSession' });

// On every /api/widget/* route (app.ts mounts this router first): the widget runs on customers' sites.
widget.use(
  '*',
  cors({
    origin: (origin) => origin,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization'],
    maxAge: 600,
  }),
);

widget.openapi(
  createRoute({
    method: 'post',
    path: '/session',
    operationId: 'createWidgetSession',
    tags,
    summary: 'Start a visitor session: widget key + an allowed page origin → a visitor token',
    description:
      'Public (the widget key is not a secret); the `Origin` must be on the project’s allowed list. ' +
      'Returns the returning visitor (by `visitorToken`), the proven identity (by `identity.hash`) or a new visitor.',
    security: [],
    middleware: [anyTypeAsJson()],
    request: { body: jsonBody(WidgetSessionRequest) },
    responses: {
      200: json(WidgetSession, 'The session'),
      ...errors(400, 403, 429),
      404: json(ErrorSchema, 'No project has this widget key (`unknown_widget_key`)'),
    },
  }),
  async (c) => {
    await limitWidgetSession(c, c.req.valid('json'));
    const session = await startVisitorSession(
      {
        db: await c.get('db')(),
        env: c.env,
        config: c.get('config'),
        waitUntil: (p) => c.executionCtx.waitUntil(p),
      },
      c.req.valid('json'),
      {
        origin: c.req.header('origin'),
        userAgent: c.req.header('user-agent'),
        referer: c.req.header('referer'),
        selfOrigin: new URL(apiUrl(c)).origin,
      },
    );
    return c.json(session, 200);
  },
);

widget.openapi(
  createRoute({
    method: 'post',
    path: '/hosted-session',
    operationId: 'createHostedSession',
    tags,
    summary: 'Exchange a hosted-conversation link (from an email) for a visitor token of that conversation’s visitor',
    description:
      'The signed, expiring link of the hosted conversation page (`/c/{conversationId}?exp&kid&sig`). ' +
      'Answers 403 `link_expired` or `link_invalid`, 403 `visitor_blocked`, or the widget key and a visitor token.',
    security: [],
    middleware: [anyTypeAsJson()],
    request: { body: jsonBody(hostedSessionRequest.meta({ id: 'HostedSessionRequest' })) },
    responses: {
      200: json(hostedSessionResponse.meta({ id: 'HostedSession' }), 'The visitor session'),
      ...errors(400, 403, 429),
      404: json(ErrorSchema, 'The conversation no longer exists'),
    },
  }),
  async (c) => {
    await limitWidgetSession(c, { widgetKey: 'hosted' });
    const session = await exchangeHostedLink(await c.get('db')(), c.get('config'), c.req.valid('json'));
    return c.json(session, 200);
  },
);
