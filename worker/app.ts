// The Hono application: mounts one sub-app per resource and the single error handler.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { errorBody, handleError, handleNotFound } from './errors.ts';
import { requestContext } from './middleware/context.ts';
import { devDemo } from './routes/dev-demo.ts';
import { health } from './routes/health.ts';
import { webhooks } from './routes/webhooks.ts';
import { widgetAssets } from './routes/widget-assets.ts';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        return c.json(errorBody('invalid_request', `${where}${issue?.message ?? 'invalid input'}`), 400);
      }
    },
  });
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.route('/', health);
  app.route('/', widgetAssets);
  app.route('/', devDemo);
  app.use('/api/*', requestContext());
  app.route('/api', webhooks);
  return app;
}
