// The Hono application: mounts one sub-app per resource and the single error handler.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { handleError, handleNotFound } from './errors.ts';
import { validationHook } from './lib/openapi.ts';
import { requestContext } from './middleware/context.ts';
import { accountRoutes, serveOpenApi } from './routes/accounts.ts';
import { attachments } from './routes/attachments.ts';
import { cannedResponseRoutes } from './routes/canned-responses.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { devDemo } from './routes/dev-demo.ts';
import { health } from './routes/health.ts';
import { realtime } from './routes/realtime.ts';
import { visitorRoutes } from './routes/visitors.ts';
import { webhooks } from './routes/webhooks.ts';
import { widget } from './routes/widget.ts';
import { widgetAssets } from './routes/widget-assets.ts';
import { widgetConversations } from './routes/widget-conversations.ts';
import { widgetVisitor } from './routes/widget-visitor.ts';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.route('/', health);
  app.route('/', widgetAssets);
  app.route('/', devDemo);
  app.use('/api/*', requestContext());
  app.route('/', webhooks);
  app.route('/', accountRoutes());
  app.route('/', cannedResponseRoutes);
  // widget first: its CORS covers every /api/widget/* route mounted after it.
  app.route('/api/widget', widget);
  app.route('/api/widget/conversations', widgetConversations);
  app.route('/api/widget/visitor', widgetVisitor);
  app.route('/ws', realtime);
  app.route('/', attachments);
  app.route('/', conversationRoutes);
  app.route('/', visitorRoutes);
  serveOpenApi(app);
  return app;
}
