// Every request runs in a log context with its request id (Cloudflare's ray id, else a new one),
// answers with it in `x-request-id` (what a user quotes to support), and API and socket requests
// leave one line: route pattern, status, duration. Never the path as sent or its query string: a
// WebSocket upgrade carries its access token in `?token=`.
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { type LogContext, log, requestIdOf, withLogContext } from '../../core/platform/log.ts';
import type { AppEnv } from '../app-env.ts';

const LOGGED = /^\/(api|ws)\//;

export const requestLog = () =>
  createMiddleware<AppEnv>(function requestLog(c, next) {
    const context: LogContext = { requestId: requestIdOf(c.req.raw.headers) };
    return withLogContext(context, async () => {
      const started = Date.now();
      await next();
      const status = c.res.status;
      // A 101 carries the socket and its headers cannot change.
      if (status !== 101) c.header('x-request-id', context.requestId);
      if (!LOGGED.test(c.req.path) && status < 500) return;
      context.route = routePath(c);
      log.info('request', { method: c.req.method, status, durationMs: Date.now() - started });
    });
  });
