// The Hono application: mounts one sub-app per resource and the single error handler.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { errorBody, handleError, handleNotFound } from './errors.ts';
import { requestContext } from './middleware/context.ts';
import { attachments } from './routes/attachments.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { health } from './routes/health.ts';
import { realtime } from './routes/realtime.ts';
import { widget } from './routes/widget.ts';

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
  app.use('/api/*', requestContext());
  app.route('/', widget);
  app.route('/', realtime);
  app.route('/', attachments);
  app.route('/', conversationRoutes);
  return app;
}
