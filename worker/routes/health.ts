// GET /healthz: liveness, for anyone: 200 {"status":"ok"} once the Worker runs, with no detail and
// no dependency checked. GET /readyz: readiness (worker/operations/readiness.ts), open on the
// local stack and in tests, elsewhere only with `Authorization: Bearer <READINESS_TOKEN>`.
import { Hono } from 'hono';
import { ConfigError, readAppEnv, readConfig, readReadinessToken } from '../../core/platform/config.ts';
import { sha256Hex } from '../../core/platform/tokens.ts';
import type { AppEnv } from '../app-env.ts';
import { errorBody } from '../errors.ts';
import { bearerToken } from '../middleware/auth.ts';
import { checkReadiness } from '../operations/readiness.ts';

/** Compared as hashes, so the time taken says nothing about how much of the token was right. */
async function sameToken(given: string | null, expected: string): Promise<boolean> {
  return given !== null && (await sha256Hex(given)) === (await sha256Hex(expected));
}

export const health = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .get('/readyz', async (c) => {
    const appEnv = readAppEnv(c.env);
    if (appEnv !== 'local' && appEnv !== 'test') {
      const expected = readReadinessToken(c.env);
      if (!expected) return c.json(errorBody('not_found', `No route for GET /readyz`), 404);
      if (!(await sameToken(bearerToken(c.req.header('authorization')), expected))) {
        return c.json(errorBody('unauthorized', 'Authentication required'), 401);
      }
    }
    let config: ReturnType<typeof readConfig>;
    try {
      config = readConfig(c.env);
    } catch (err) {
      // Our own one-line message naming the variable, never a value.
      const message = err instanceof ConfigError ? err.message : 'configuration invalid';
      return c.json({ status: 'misconfigured', error: message }, 503);
    }
    const readiness = await checkReadiness(c.env, config);
    return c.json(readiness, readiness.status === 'ready' ? 200 : 503);
  });
