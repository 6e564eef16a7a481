// The Hono application: mounts one sub-app per resource and the single error handler.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { handleError, handleNotFound } from './errors.ts';
import { validationHook } from './lib/openapi.ts';
import { requestContext } from './middleware/context.ts';
import { accountRoutes, serveOpenApi } from './routes/accounts.ts';
import { attachments } from './routes/attachments.ts';
import { cannedResponseRoutes } from './routes/canned-responses.ts';
import { conversationSettingsRoutes } from './routes/conversation-settings.ts';
import { conversations } from './routes/conversations.ts';
import { devDemo } from './routes/dev-demo.ts';
import { health } from './routes/health.ts';
import { realtime } from './routes/realtime.ts';
import { visitorRoutes } from './routes/visitors.ts';
import { webhooks } from './routes/webhooks.ts';
import { widget } from './routes/widget.ts';
import { widgetAssets } from './routes/widget-assets.ts';
import { widgetContext } from './routes/widget-context.ts';
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
  app.route('/', widget);
  app.route('/', widgetVisitor);
  app.route('/', realtime);
  app.route('/api/attachments', attachments);
  app.route('/api/projects/:projectId/conversations', conversations);
  app.route('/api/projects/:projectId/conversation-settings', conversationSettingsRoutes);
  app.route('/api/projects/:projectId/visitors', visitorRoutes);
  app.route('/api/widget/context', widgetContext);
  serveOpenApi(app);
  return app;
}
