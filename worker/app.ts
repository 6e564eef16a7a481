// The Hono application: mounts one sub-app per resource and the single error handler.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { handleError, handleNotFound } from './errors.ts';
import { validationHook } from './lib/openapi.ts';
import { requestContext } from './middleware/context.ts';
import { accountRoutes, serveOpenApi } from './routes/accounts.ts';
import { cannedResponseRoutes } from './routes/canned-responses.ts';
import { devDemo } from './routes/dev-demo.ts';
import { health } from './routes/health.ts';
import { webhooks } from './routes/webhooks.ts';
import { widgetAssets } from './routes/widget-assets.ts';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.route('/', health);
  app.route('/', widgetAssets);
  app.route('/', devDemo);
  app.use('/api/*', requestContext());
  app.route('/api', webhooks);
  app.route('/', accountRoutes());
  app.route('/', cannedResponseRoutes);
  serveOpenApi(app);
  return app;
}
