// Puts the checked configuration and a lazily opened, request-scoped database on the context;
// a database that cannot be reached answers 503 with Retry-After.
import { createMiddleware } from 'hono/factory';
import { ConfigError, readConfig } from '../../core/platform/config.ts';
import { connectDb, type DbConnection } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError, databaseUnavailable } from '../errors.ts';
import { rememberOrigin } from '../notifications/links.ts';

export const requestContext = () =>
  createMiddleware<AppEnv>(async function requestContext(c, next) {
    try {
      const config = readConfig(c.env);
      c.set('config', config);
      // Locally (no PUBLIC_URL) links built off-request, in emails the Queue sends, use this origin.
      if (!config.PUBLIC_URL) rememberOrigin(c.req.url);
    } catch (err) {
      if (err instanceof ConfigError) {
        // Which variable, never its value: /readyz names it to whoever holds the readiness token.
        log.error('configuration invalid', { errorClass: 'ConfigError', errorCode: err.variable });
        throw new ApiError(503, 'misconfigured', 'Service is not configured');
      }
      throw err;
    }
    let connection: Promise<DbConnection> | undefined;
    c.set('db', async () => {
      // Failing to connect (no connection slot left, Postgres restarting, the network) is no fault
      // of the request: 503 with Retry-After, not 500.
      connection ??= connectDb(c.get('config')).catch((err: unknown) => {
        log.warn('database connection failed', { dependency: 'postgres', ...errorFields(err) });
        throw databaseUnavailable();
      });
      return (await connection).db;
    });
    try {
      await next();
    } finally {
      if (connection) {
        const closing = connection.then((conn) => conn.close()).catch(() => undefined);
        c.executionCtx.waitUntil(closing);
      }
    }
  });
